import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { IntegrationController } from './integration.controller.js';
import { LaporForwardSender } from './lapor/lapor-forward.sender.js';
import { LaporHttpAdapter } from './lapor/lapor-http.adapter.js';
import { LAPOR_ADAPTER, LaporError, type LaporAdapter } from './lapor/lapor.adapter.js';
import { LaporService } from './lapor/lapor.service.js';
import { OUTBOX_SENDERS, type OutboxSender } from './outbox-sender.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';
import { WebhookSender } from './webhooks/webhook.sender.js';
import { WebhookSubscribersController } from './webhooks/webhook-subscribers.controller.js';
import { WebhookSubscribersService } from './webhooks/webhook-subscribers.service.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { Open311Module } from '../open311/open311.module.js';

/** Without LAPOR_BASE_URL nothing can be marked; rows written before a restart wait for the configuration. */
const notConfigured: LaporAdapter = {
  submit: () => Promise.reject(new LaporError('LAPOR_BASE_URL is not set', true)),
  status: () => Promise.resolve([]),
};

// Upward and outward integration (issue 18): the outbox and its senders, SP4N-LAPOR!, signed webhooks.
// The real LAPOR! API slots in by binding another LaporAdapter here.
@Module({
  imports: [ConnectorsModule, Open311Module],
  controllers: [IntegrationController, WebhookSubscribersController],
  providers: [
    {
      provide: LAPOR_ADAPTER,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig): LaporAdapter =>
        c.integration.lapor.baseUrl ? new LaporHttpAdapter(c.integration.lapor.baseUrl, c.integration.lapor.token, c.pipeline.httpTimeoutMs) : notConfigured,
    },
    LaporForwardSender,
    LaporService,
    { provide: OUTBOX_SENDERS, inject: [LaporForwardSender, WebhookSender], useFactory: (...senders: OutboxSender[]) => senders },
    OutboxRepository,
    OutboxWorker,
    WebhookSender,
    WebhookSubscribersService,
  ],
  exports: [LaporService, OutboxRepository, OutboxWorker, WebhookSubscribersService],
})
export class IntegrationModule {}
