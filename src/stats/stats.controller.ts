import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { opdScope, type Principal } from '../auth/principal.js';
import { CurrentUser } from '../auth/public.decorator.js';
import { Alert } from '../cases/alert.entity.js';
import { StatsService } from './stats.service.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { AlertListSchema, itemsSchema, objectSchema, OpdPerformanceListSchema } from '../common/openapi/schemas.js';

class DaysQuery {
  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 366 })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;
}

@ApiTags('stats')
@ApiErrors()
@ApiBearerAuth()
@Controller()
export class StatsController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly stats: StatsService,
  ) {}

  @Get('stats/today')
  @ApiOkResponse({ schema: objectSchema('Today (regency time zone): total and counts by intent, platform, OPD, sentiment; the triage queue', { date: { type: 'string' }, total: { type: 'integer' }, triage: { type: 'integer' } }) })
  @ApiOperation({ summary: "Today's counters (regency time zone) by intent, platform, OPD and sentiment" })
  today(@CurrentUser() u: Principal) {
    return this.stats.today(opdScope(u));
  }

  @Get('stats/trends')
  @ApiOkResponse({ schema: { type: 'object', properties: { days: { type: 'array', items: objectSchema('One local day: date, byIntent, bySentiment') } } } })
  @ApiOperation({ summary: 'Per day by intent and sentiment' })
  trends(@Query() q: DaysQuery, @CurrentUser() u: Principal) {
    return this.stats.trends(q.days ?? 30, opdScope(u));
  }

  @Get('stats/opd-performance')
  @ApiOkResponse({ type: OpdPerformanceListSchema })
  @ApiOperation({ summary: 'Per OPD: volume, median first-response time, share within the service level, backlog' })
  async opdPerformance(@Query() q: DaysQuery, @CurrentUser() u: Principal) {
    const { from, to } = this.stats.lastDays(q.days ?? 30);
    return { from, to, items: await this.stats.opdPerformance(from, to, opdScope(u)) };
  }

  @Get('stats/topics')
  @ApiOkResponse({ schema: itemsSchema('A topic and its count', { topic: { type: 'string' }, count: { type: 'integer' } }) })
  @ApiOperation({ summary: 'Top topics' })
  async topics(@Query() q: DaysQuery, @CurrentUser() u: Principal) {
    const { from, to } = this.stats.lastDays(q.days ?? 7);
    return { items: await this.stats.topics(from, to, 10, opdScope(u)) };
  }

  @Get('alerts')
  @ApiOkResponse({ type: AlertListSchema })
  @ApiOperation({ summary: 'Recent service-level and spike alerts visible to the caller' })
  async alerts(@CurrentUser() u: Principal) {
    const scope = opdScope(u);
    const q = this.ds.getRepository(Alert).createQueryBuilder('a').orderBy('a.id', 'DESC').limit(100);
    if (scope) q.where('a.opd_code = ANY(:scope)', { scope });
    const rows = await q.getMany();
    return { items: rows.map((a) => ({ id: a.id, type: a.type, caseId: a.caseId, opdCode: a.opdCode, topic: a.topic, kecamatan: a.kecamatan, message: a.message, createdAt: a.createdAt.toISOString() })) };
  }
}
