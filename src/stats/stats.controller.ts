import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { opdScope, type Principal } from '../auth/principal.js';
import { CurrentUser } from '../auth/public.decorator.js';
import { Alert } from '../cases/alert.entity.js';
import { StatsService } from './stats.service.js';

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
@ApiBearerAuth()
@Controller()
export class StatsController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly stats: StatsService,
  ) {}

  @Get('stats/today')
  @ApiOperation({ summary: "Today's counters (regency time zone) by intent, platform, OPD and sentiment" })
  today(@CurrentUser() u: Principal) {
    return this.stats.today(opdScope(u));
  }

  @Get('stats/trends')
  @ApiOperation({ summary: 'Per day by intent and sentiment' })
  trends(@Query() q: DaysQuery, @CurrentUser() u: Principal) {
    return this.stats.trends(q.days ?? 30, opdScope(u));
  }

  @Get('stats/opd-performance')
  @ApiOperation({ summary: 'Per OPD: volume, median first-response time, share within the service level, backlog' })
  async opdPerformance(@Query() q: DaysQuery, @CurrentUser() u: Principal) {
    const { from, to } = this.stats.lastDays(q.days ?? 30);
    return { from, to, items: await this.stats.opdPerformance(from, to, opdScope(u)) };
  }

  @Get('stats/topics')
  @ApiOperation({ summary: 'Top topics' })
  async topics(@Query() q: DaysQuery, @CurrentUser() u: Principal) {
    const { from, to } = this.stats.lastDays(q.days ?? 7);
    return { items: await this.stats.topics(from, to, 10, opdScope(u)) };
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Recent service-level and spike alerts visible to the caller' })
  async alerts(@CurrentUser() u: Principal) {
    const scope = opdScope(u);
    const q = this.ds.getRepository(Alert).createQueryBuilder('a').orderBy('a.id', 'DESC').limit(100);
    if (scope) q.where('a.opd_code = ANY(:scope)', { scope });
    const rows = await q.getMany();
    return { items: rows.map((a) => ({ id: a.id, type: a.type, caseId: a.caseId, opdCode: a.opdCode, topic: a.topic, kecamatan: a.kecamatan, message: a.message, createdAt: a.createdAt.toISOString() })) };
  }
}
