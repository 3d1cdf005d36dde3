import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { DataSource } from 'typeorm';
import { AuditLog } from '../admin/audit-log.entity.js';
import type { Principal } from '../auth/principal.js';
import { CurrentUser, Roles } from '../auth/public.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { patch } from '../database/patch.js';
import { LaporService } from './lapor/lapor.service.js';
import { OUTBOX_STATES, type OutboxItem, type OutboxState } from './outbox.entity.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';

export class CaseFlagsDto {
  @ApiPropertyOptional({ description: 'Hide the citizen’s identity on LAPOR!' })
  @IsOptional()
  @IsBoolean()
  anonim?: boolean;

  @ApiPropertyOptional({ description: 'Hide the whole report from the public (LAPOR!, Open311)' })
  @IsOptional()
  @IsBoolean()
  rahasia?: boolean;
}

export class OutboxQuery {
  @ApiPropertyOptional({ example: 'lapor.forward' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z.]{1,40}$/)
  kind?: string;

  @ApiPropertyOptional({ enum: OUTBOX_STATES })
  @IsOptional()
  @IsIn(OUTBOX_STATES)
  state?: OutboxState;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{1,19}$/)
  caseId?: string;

  @ApiPropertyOptional({ description: 'Rows older than this id (paging)' })
  @IsOptional()
  @Matches(/^\d{1,19}$/)
  before?: string;

  @ApiPropertyOptional({ maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export const outboxView = (o: OutboxItem) => ({
  id: o.id,
  kind: o.kind,
  caseId: o.caseId,
  targetId: o.targetId,
  state: o.state,
  attempts: o.attempts,
  nextAttemptAt: o.state === 'pending' ? o.nextAttemptAt.toISOString() : null,
  lastError: o.lastError,
  lastStatus: o.lastStatus,
  sentAt: o.sentAt?.toISOString() ?? null,
  result: o.result,
  createdAt: o.createdAt.toISOString(),
});

@ApiTags('integration')
@ApiBearerAuth()
@Controller()
export class IntegrationController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly lapor: LaporService,
    private readonly outbox: OutboxRepository,
    private readonly worker: OutboxWorker,
  ) {}

  @Post('cases/:id/lapor')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Mark a case for SP4N-LAPOR! (with its anonim/rahasia flags); it is forwarded through the outbox' })
  mark(@Param('id') id: string, @Body() dto: CaseFlagsDto, @CurrentUser() u: Principal) {
    return this.lapor.mark(id, u, dto);
  }

  @Patch('cases/:id/flags')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: 'Set the anonim and rahasia flags of a case' })
  flags(@Param('id') id: string, @Body() dto: CaseFlagsDto, @CurrentUser() u: Principal) {
    return this.lapor.setFlags(id, u, dto);
  }

  @Get('outbox')
  @Roles('admin')
  @ApiOperation({ summary: 'Outbound work (LAPOR! forwards, webhook deliveries): pending, sent, failed with reason' })
  async list(@Query() q: OutboxQuery) {
    const rows = await this.outbox.list({ kind: q.kind, state: q.state, caseId: q.caseId }, q.limit ?? 50, q.before);
    return { items: rows.map(outboxView), depth: await this.outbox.depth() };
  }

  @Post('outbox/:id/retry')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed (or waiting) outbox row again now' })
  async retry(@Param('id') id: string, @CurrentUser() u: Principal) {
    if (!/^\d{1,19}$/.test(id)) throw new DomainError('not_found', 'Baris outbox tidak ditemukan');
    const row = await this.outbox.retryNow(id);
    if (!row) throw new DomainError('not_found', 'Baris outbox tidak ditemukan atau sudah terkirim');
    await this.ds.getRepository(AuditLog).insert(patch<AuditLog>({ actorUserId: u.id, actorLabel: u.username, action: 'outbox.retry', targetType: 'outbox', targetId: id, data: { kind: row.kind, caseId: row.caseId } }));
    this.worker.poke();
    return outboxView(row);
  }
}
