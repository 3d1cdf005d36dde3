import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Connector, ConnectorAccountContext, ConnectorFactory } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { TelegramConnector } from './telegram.connector.js';

@Injectable()
export class TelegramConnectorFactory implements ConnectorFactory {
  readonly platform = 'telegram' as const;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  create(account: ConnectorAccountContext): Connector {
    const c = this.config.connectors.telegram;
    const timeoutMs = this.config.pipeline.httpTimeoutMs;
    return new TelegramConnector(createHttpClient({ baseURL: c.baseUrl, timeoutMs }), account, { longPollSec: c.longPollSec, timeoutMs });
  }
}
