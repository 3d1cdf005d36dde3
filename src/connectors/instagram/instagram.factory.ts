import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Connector, ConnectorAccountContext, ConnectorFactory } from '../connector.interface.js';
import { SingleSlotMemo, type PagingMemo } from '../facebook/graph.js';
import { createHttpClient } from '../http-client.factory.js';
import { WebhookBufferRepository } from '../../ingestion/webhooks/webhook-buffer.repository.js';
import { InstagramConnector } from './instagram.connector.js';
import { InstagramWebhookDrain } from './instagram-webhook.drain.js';

@Injectable()
export class InstagramConnectorFactory implements ConnectorFactory {
  readonly platform = 'instagram' as const;
  // The `next` URL of a listing interrupted by the run's page budget waits here, in memory (§1.5).
  private readonly memos = new Map<string, PagingMemo>();

  constructor(
    private readonly buffer: WebhookBufferRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The poll wrapped with the drain of webhook mentions and comments (§2.7). */
  create(account: ConnectorAccountContext): Connector {
    const { baseUrl, graphVersion } = this.config.connectors.instagram;
    const http = createHttpClient({
      baseURL: `${baseUrl}/${graphVersion}`,
      timeoutMs: this.config.pipeline.httpTimeoutMs,
    });
    let memo = this.memos.get(account.id);
    if (!memo) this.memos.set(account.id, (memo = new SingleSlotMemo()));
    return new InstagramWebhookDrain(new InstagramConnector(http, account, { memo }), this.buffer, account.externalAccountId);
  }
}
