import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../admin/audit-log.entity.js';
import type { Principal } from '../../auth/principal.js';
import { CurrentUser, Roles } from '../../auth/public.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { patch } from '../../database/patch.js';
import { outboxView } from '../integration.controller.js';
import { OutboxRepository } from '../outbox.repository.js';
import { OutboxWorker } from '../outbox.worker.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-subscriber.entity.js';
import { WEBHOOK_KIND, WebhookSubscribersService } from './webhook-subscribers.service.js';

export class CreateSubscriberDto {
  @ApiProperty({ example: 'Dasbor Provinsi Sulsel' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'https://dasbor.sulselprov.go.id/hooks/suara-warga' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: WebhookEventType[];
}

export class UpdateSubscriberDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: WebhookEventType[];

  @ApiPropertyOptional({ description: 'false pauses deliveries; true re-enables a subscriber disabled after failures' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ description: 'Deliveries older than this id (paging)' })
  @IsOptional()
  @Matches(/^\d{1,19}$/)
  before?: string;
}

@ApiTags('integration')
@ApiBearerAuth()
@Controller()
@Roles('admin')
export class WebhookSubscribersController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly subscribers: WebhookSubscribersService,
    private readonly worker: OutboxWorker,
  ) {}

  @Get('webhook-subscribers')
  list() {
    return this.subscribers.list();
  }

  @Post('webhook-subscribers')
  @ApiOperation({ summary: 'Register a subscriber; its signing secret is in this response only' })
  create(@Body() dto: CreateSubscriberDto, @CurrentUser() u: Principal) {
    return this.subscribers.create(u, dto);
  }

  @Patch('webhook-subscribers/:id')
  update(@Param('id') id: string, @Body() dto: UpdateSubscriberDto, @CurrentUser() u: Principal) {
    return this.subscribers.update(u, id, dto);
  }

  @Get('webhook-subscribers/:id/deliveries')
  @ApiOperation({ summary: 'Delivery log of a subscriber, newest first' })
  async deliveries(@Param('id') id: string, @Query() q: DeliveriesQuery) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('not_found', 'Pelanggan webhook tidak ditemukan');
    const rows = await this.outbox.list({ kind: WEBHOOK_KIND, targetId: id }, 100, q.before);
    return { items: rows.map((o) => ({ ...outboxView(o), webhookId: o.payload.webhookId, type: (o.payload.message as { type?: string } | undefined)?.type ?? null })) };
  }

  @Post('webhook-deliveries/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver again now (same webhook-id, so a receiver that keeps ids can tell)' })
  async replay(@Param('id') id: string, @CurrentUser() u: Principal) {
    if (!/^\d{1,19}$/.test(id)) throw new DomainError('not_found', 'Pengiriman tidak ditemukan');
    const row = await this.outbox.replay(id, WEBHOOK_KIND);
    if (!row) throw new DomainError('not_found', 'Pengiriman tidak ditemukan atau sedang dikirim');
    await this.ds.getRepository(AuditLog).insert(patch<AuditLog>({ actorUserId: u.id, actorLabel: u.username, action: 'webhook_delivery.replay', targetType: 'outbox', targetId: id, data: { targetId: row.targetId } }));
    this.worker.poke();
    return outboxView(row);
  }
}
