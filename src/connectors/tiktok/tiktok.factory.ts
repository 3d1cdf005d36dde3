import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Connector, ConnectorAccountContext, ConnectorFactory } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { TikTokConnector } from './tiktok.connector.js';

@Injectable()
export class TikTokConnectorFactory implements ConnectorFactory {
  readonly platform = 'tiktok' as const;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  create(account: ConnectorAccountContext): Connector {
    const http = createHttpClient({ baseURL: this.config.connectors.tiktok.baseUrl, timeoutMs: this.config.pipeline.httpTimeoutMs });
    return new TikTokConnector(http, account);
  }
}
