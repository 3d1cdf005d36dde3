import { Body, Controller, Get, Inject, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CaseRatingsService } from './case-ratings.service.js';
import { cacheHeaders } from './public-cases.controller.js';
import { PublicCasesService, TRACKING_PATTERN } from './public-cases.service.js';
import { casePage, esc, lookupForm, page, PAGE_CSP } from './public-pages.js';

const FLASH: Record<string, string> = {
  terima: 'Terima kasih, penilaian Anda sudah kami terima.',
  dibuka: 'Terima kasih. Laporan Anda dibuka kembali dan dikirim lagi ke OPD beserta komentar Anda.',
};

/** The HTML pages citizens open from their acknowledgement and finish notice (outside /api). */
@ApiExcludeController()
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('lacak')
export class PublicPagesController {
  constructor(
    private readonly cases: PublicCasesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ratings: CaseRatingsService,
  ) {}

  private send(res: Response, status: number, title: string, body: string): void {
    res
      .status(status)
      .setHeader('Content-Security-Policy', PAGE_CSP)
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Referrer-Policy', 'no-referrer');
    res.type('html').send(page(title, this.config.region.name, body));
  }

  @Get()
  lookup(@Query('nomor') nomor: string | undefined, @Res() res: Response): void {
    const n = nomor?.trim().toUpperCase();
    if (n && TRACKING_PATTERN.test(n)) return res.redirect(303, `/lacak/${n}`);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    this.send(
      res,
      n ? 400 : 200,
      'Lacak laporan',
      lookupForm(n ? 'Nomor laporan berbentuk SW-2026-000123.' : undefined),
    );
  }

  @Get(':tracking')
  async show(
    @Param('tracking') tracking: string,
    @Query('kode') kode: string | undefined,
    @Query('pesan') pesan: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const v = await this.cases.find(tracking, kode);
      cacheHeaders(res, v);
      this.send(res, 200, `Laporan ${v.trackingNumber}`, casePage(v, kode, pesan ? FLASH[pesan] : undefined));
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'not_found') throw e;
      res.setHeader('Cache-Control', 'public, max-age=60');
      this.send(
        res,
        404,
        'Tidak ditemukan',
        lookupForm(
          `Laporan ${tracking.slice(0, 20)} tidak ditemukan. Periksa nomornya, atau buka tautan lengkap dari pesan yang Anda terima.`,
        ),
      );
    }
  }

  /** The rating form (no script): 303 back to the page, which then shows the rating. */
  @Post(':tracking/nilai')
  async rate(
    @Param('tracking') tracking: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const kode = typeof body.kode === 'string' ? body.kode : '';
    const score = Number(body.nilai);
    const resolved = body.selesai === 'ya' ? true : body.selesai === 'tidak' ? false : null;
    res.setHeader('Cache-Control', 'no-store');
    const back = (pesan?: string): string =>
      `/lacak/${encodeURIComponent(tracking)}?kode=${encodeURIComponent(kode)}${pesan ? `&pesan=${pesan}` : ''}`;
    if (resolved === null || !Number.isInteger(score))
      return this.send(
        res,
        400,
        'Penilaian',
        lookupForm('Pilih nilai 1–5 dan apakah masalahnya sudah selesai, lalu kirim lagi.'),
      );
    try {
      const r = await this.ratings.rate(tracking, {
        code: kode,
        score,
        resolved,
        comment: typeof body.komentar === 'string' ? body.komentar : null,
      });
      res.redirect(303, back(r.reopened ? 'dibuka' : 'terima'));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const status = e.code === 'not_found' ? 404 : e.code === 'validation' ? 400 : 409;
      this.send(
        res,
        status,
        'Penilaian',
        `<section><p class="note">${esc(e.message)}</p><p><a href="${esc(back())}">Kembali ke laporan</a></p></section>`,
      );
    }
  }
}
