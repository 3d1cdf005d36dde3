import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Connector, ConnectorAccountContext, ConnectorFactory } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { QuotaBudget } from '../kit/quota-budget.js';
import { QuotaLedgerRepository } from '../kit/quota-ledger.repository.js';
import { YouTubeClient } from './youtube.client.js';
import { YouTubeConnector } from './youtube.connector.js';
import type { YtSettings } from './youtube.types.js';

// Reads may run up to an hour ahead of an even spread of the day's quota.
const HEAD_START_MS = 60 * 60_000;

@Injectable()
export class YouTubeConnectorFactory implements ConnectorFactory {
  readonly platform = 'youtube' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: QuotaLedgerRepository,
  ) {}

  create(account: ConnectorAccountContext): Connector {
    const c = this.config.connectors.youtube;
    const pool = `youtube:${(account.settings as YtSettings).quotaPool ?? 'default'}`;
    const budget = new QuotaBudget(this.ledger, pool, {
      dailyUnits: c.quota.dailyUnits,
      replyReserve: Math.min(c.quota.replyReserve, c.quota.dailyUnits),
      headStartMs: HEAD_START_MS,
      timeZone: 'America/Los_Angeles', // "Daily quotas reset at midnight Pacific Time" (§8.5)
    });
    const http = createHttpClient({ baseURL: c.baseUrl, timeoutMs: this.config.pipeline.httpTimeoutMs });
    return new YouTubeConnector(new YouTubeClient(http, account, budget, c.quota.costs, c.oauthTokenUrl), account, budget);
  }
}
