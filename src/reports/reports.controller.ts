import { BadRequestException, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/public.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { isValidWeek } from './iso-week.js';
import { weeklyReportCsv } from './weekly-report.csv.js';
import { renderWeeklyPdf } from './weekly-report.pdf.js';
import { WeeklyReportService } from './weekly-report.service.js';
import { REPORT_TABLES, type ReportTable, type WeeklySummary } from './weekly-report.types.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { WeeklyListSchema, WeeklySummarySchema } from '../common/openapi/schemas.js';

const WEEK_PARAM = {
  name: 'week',
  example: '2026-W47',
  description: 'ISO week (Monday to Sunday in the regency time zone)',
};

/**
 * Stored weekly summaries. Regency-wide by nature, so the Sekda (pimpinan), Diskominfo operators
 * and admins may read them; OPD staff get 403 and keep their own OPD's figures under /api/stats.
 */
@ApiTags('reports')
@ApiErrors()
@ApiBearerAuth()
@Roles('admin', 'operator', 'pimpinan')
@Controller('reports/weekly')
export class ReportsController {
  constructor(private readonly reports: WeeklyReportService) {}

  private async load(week: string): Promise<WeeklySummary> {
    if (!isValidWeek(week))
      throw new BadRequestException([
        `week must be an ISO week such as 2026-W47 (got ${JSON.stringify(week.slice(0, 40))})`,
      ]);
    const s = await this.reports.get(week);
    if (!s) throw new DomainError('not_found', `Ringkasan minggu ${week} belum dibuat`);
    return s;
  }

  @Get()
  @ApiOkResponse({ type: WeeklyListSchema })
  @ApiOperation({ summary: 'Stored weekly summaries, newest first' })
  async list() {
    return { items: await this.reports.list() };
  }

  // The .pdf and .csv routes are declared before ':week' so the literal suffix wins.
  @Get(':week.pdf')
  @ApiOkResponse({ description: 'A4 PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiParam(WEEK_PARAM)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The summary as an A4 PDF (Bahasa Indonesia)' })
  async pdf(@Param('week') week: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const pdf = await renderWeeklyPdf(await this.load(week));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="ringkasan-${week}.pdf"`);
    return new StreamableFile(pdf);
  }

  @Get(':week.csv')
  @ApiOkResponse({ description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiParam(WEEK_PARAM)
  @ApiQuery({
    name: 'table',
    enum: REPORT_TABLES,
    required: false,
    description: 'which table; volume when omitted',
  })
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'One table of the summary as CSV' })
  async csv(
    @Param('week') week: string,
    @Query('table') table: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const name = (table ?? 'volume') as ReportTable;
    if (!REPORT_TABLES.includes(name))
      throw new BadRequestException([`table must be one of ${REPORT_TABLES.join(', ')}`]);
    const body = weeklyReportCsv(await this.load(week), name);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="ringkasan-${week}-${name}.csv"`);
    return body;
  }

  /** "Buat ringkasan sekarang": this week so far, or a past week recomputed; safe while the service runs. */
  @Post(':week')
  @ApiOkResponse({ type: WeeklySummarySchema })
  @HttpCode(200)
  @Roles('admin', 'pimpinan')
  @ApiParam(WEEK_PARAM)
  @ApiOperation({ summary: 'Compute and store the summary of a week now (this week so far, or recompute a past week)' })
  async generate(@Param('week') week: string): Promise<WeeklySummary> {
    if (!isValidWeek(week))
      throw new BadRequestException([`week must be an ISO week such as 2026-W47 (got ${JSON.stringify(week.slice(0, 40))})`]);
    if (!this.reports.hasStarted(week)) throw new DomainError('validation', `Minggu ${week} belum dimulai, jadi belum ada yang bisa diringkas`);
    return this.reports.generate(week);
  }

  @Get(':week')
  @ApiOkResponse({ type: WeeklySummarySchema })
  @ApiParam(WEEK_PARAM)
  @ApiOperation({ summary: 'The summary of one week as JSON' })
  json(@Param('week') week: string): Promise<WeeklySummary> {
    return this.load(week);
  }
}
