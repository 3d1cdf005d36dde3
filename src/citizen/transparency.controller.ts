import { Controller, Get, Inject, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { PublicCasesService } from './public-cases.service.js';
import { page, PAGE_CSP, transparencyPage } from './public-pages.js';
import { PublicRateLimitGuard, RateLimit } from './public-rate-limit.guard.js';
import { DATA_DICTIONARY, LICENCE, opdCsv, TransparencyService } from './transparency.service.js';

/** /publik and its open data (CC BY 4.0): cached for a minute at every layer. */
@ApiExcludeController()
@Public()
@UseGuards(PublicRateLimitGuard)
@RateLimit(120)
@Controller('publik')
export class TransparencyController {
  constructor(
    private readonly cases: PublicCasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transparency: TransparencyService,
  ) {}

  private cache(res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
    res.setHeader('Access-Control-Allow-Origin', '*'); // open data: portals may pull it from a browser
    res.setHeader('Link', `<${LICENCE.url}>; rel="license"`);
  }

  @Get()
  async page(@Res() res: Response): Promise<void> {
    const f = await this.transparency.figures();
    this.cache(res);
    res.removeHeader('Access-Control-Allow-Origin');
    res
      .setHeader('Content-Security-Policy', PAGE_CSP)
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Referrer-Policy', 'no-referrer');
    const body = transparencyPage({
      regency: f.regency,
      periodDays: f.period.days,
      generatedAtLocal: this.cases.dateTime(new Date(f.generatedAt)),
      licence: f.licence,
      opd: f.opd,
      weekly: f.weekly,
      themes: f.themes,
      recent: f.recent.map((r) => ({ ...r, finishedAtLocal: this.cases.date(new Date(r.finishedAt)) })),
    });
    res.type('html').send(page(`Transparansi ${this.config.region.name}`, this.config.region.name, body));
  }

  @Get('data.json')
  async json(@Res() res: Response): Promise<void> {
    this.cache(res);
    res.json(await this.transparency.figures());
  }

  @Get('data.csv')
  async csv(@Res() res: Response): Promise<void> {
    this.cache(res);
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'inline; filename="kinerja-opd.csv"');
    res.send(opdCsv(await this.transparency.figures()));
  }

  @Get('kamus-data.json')
  dictionary(@Res() res: Response): void {
    this.cache(res);
    res.json({ licence: LICENCE, fields: DATA_DICTIONARY });
  }
}
