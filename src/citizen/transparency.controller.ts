import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, Roles } from '../auth/public.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { PublicCasesService } from './public-cases.service.js';
import { page, PAGE_CSP, transparencyPage, WIDGET_CSP, widgetPage } from './public-pages.js';
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

  /** An OPD's figures as a card for an <iframe> on its own website (snippet: GET /api/widget-snippet). */
  @Get('widget/:opd')
  async widget(@Param('opd') opd: string, @Res() res: Response): Promise<void> {
    const f = await this.transparency.figures();
    const o =
      f.opd.find((x) => x.opdCode === opd.toUpperCase()) ??
      (await this.transparency.emptyOpd(opd.toUpperCase()));
    this.cache(res);
    res.removeHeader('Access-Control-Allow-Origin');
    res
      .setHeader('Content-Security-Policy', WIDGET_CSP)
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Referrer-Policy', 'no-referrer');
    if (!o) {
      res
        .status(404)
        .type('html')
        .send(
          page('Tidak ditemukan', this.config.region.name, '<section><p>OPD tidak dikenal.</p></section>'),
        );
      return;
    }
    res.type('html').send(widgetPage(f.regency, this.config.citizen.publicBaseUrl, o, f.period.days));
  }

  @Get('kamus-data.json')
  dictionary(@Res() res: Response): void {
    this.cache(res);
    res.json({ licence: LICENCE, fields: DATA_DICTIONARY });
  }
}

interface WidgetSnippet {
  opd: string;
  url: string;
  snippet: string;
}

class WidgetSnippetSchema implements WidgetSnippet {
  @ApiProperty({ example: 'DPUPR' }) opd: string;
  @ApiProperty({ description: 'The public widget page' }) url: string;
  @ApiProperty({ description: 'The <iframe> element to paste into the OPD website' }) snippet: string;
}

/** For admins: the <iframe> snippet that shows an OPD's figures on its own website. */
@ApiTags('public')
@ApiErrors()
@ApiBearerAuth()
@Controller('widget-snippet')
export class WidgetSnippetController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @Roles('admin', 'operator')
  @ApiOkResponse({ type: WidgetSnippetSchema })
  @ApiOperation({ summary: "The <iframe> snippet of an OPD's public figures, for its website" })
  snippet(@Query('opd') opd = ''): WidgetSnippet {
    const code = opd.trim().toUpperCase();
    if (!/^[A-Z0-9_-]{2,20}$/.test(code))
      throw new DomainError('validation', 'Isi ?opd= dengan kode OPD, mis. DPUPR');
    const url = `${this.config.citizen.publicBaseUrl}/publik/widget/${code}`;
    return {
      opd: code,
      url,
      snippet: `<iframe src="${url}" title="Kinerja layanan aduan ${code}" width="360" height="220" style="border:0" loading="lazy"></iframe>`,
    };
  }
}
