import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { WebhookBufferRepository } from '../../ingestion/webhooks/webhook-buffer.repository.js';
import type { Connector, ConnectorAccountContext, ConnectorFactory } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { WhatsAppConnector } from './whatsapp.connector.js';

@Injectable()
export class WhatsAppConnectorFactory implements ConnectorFactory {
  readonly platform = 'whatsapp' as const;

  constructor(
    private readonly buffer: WebhookBufferRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  create(account: ConnectorAccountContext): Connector {
    const c = this.config.connectors.whatsapp;
    return new WhatsAppConnector(createHttpClient({ baseURL: c.baseUrl, timeoutMs: this.config.pipeline.httpTimeoutMs }), account, this.buffer, c.graphVersion);
  }
}
