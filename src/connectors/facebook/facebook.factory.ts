import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Connector, ConnectorAccountContext, ConnectorFactory } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { FacebookConnector } from './facebook.connector.js';
import { SingleSlotMemo, type PagingMemo } from './graph.js';

@Injectable()
export class FacebookConnectorFactory implements ConnectorFactory {
  readonly platform = 'facebook' as const;
  // A poll run that spends its page budget continues in the next run with a new connector; the
  // in-memory `next` URL of its listing waits here (never in the stored cursor, §1.5).
  private readonly memos = new Map<string, PagingMemo>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  create(account: ConnectorAccountContext): Connector {
    const { baseUrl, commentOverlapSec, graphVersion } = this.config.connectors.facebook;
    const http = createHttpClient({
      baseURL: `${baseUrl}/${graphVersion}`,
      timeoutMs: this.config.pipeline.httpTimeoutMs,
    });
    let memo = this.memos.get(account.id);
    if (!memo) this.memos.set(account.id, (memo = new SingleSlotMemo()));
    return new FacebookConnector(http, account, { memo, defaultOverlapSec: commentOverlapSec });
  }
}
