import { Module, type OnModuleInit } from '@nestjs/common';
import { CONNECTOR_FACTORIES, type ConnectorFactory } from './connector.interface.js';
import { AccountSeeder } from './account-seeder.js';
import { ConnectorAccountRepository } from './connector-account.repository.js';
import { ConnectorRegistry } from './connector.registry.js';
import { CredentialsCipher } from './credentials-cipher.js';
import { WebhookBufferRepository } from '../ingestion/webhooks/webhook-buffer.repository.js';
import { FacebookConnectorFactory } from './facebook/facebook.factory.js';
import { InstagramConnectorFactory } from './instagram/instagram.factory.js';
import { QuotaLedgerRepository } from './kit/quota-ledger.repository.js';
import { TelegramConnectorFactory } from './telegram/telegram.factory.js';
import { TikTokConnectorFactory } from './tiktok/tiktok.factory.js';
import { WhatsAppConnectorFactory } from './whatsapp/whatsapp.factory.js';
import { XConnectorFactory } from './x/x.factory.js';
import { YouTubeConnectorFactory } from './youtube/youtube.factory.js';

// Every platform's factory goes into this list; the registry looks them up by platform.
const FACTORIES = [
  FacebookConnectorFactory,
  InstagramConnectorFactory,
  TelegramConnectorFactory,
  TikTokConnectorFactory,
  WhatsAppConnectorFactory,
  XConnectorFactory,
  YouTubeConnectorFactory,
];

@Module({
  providers: [
    AccountSeeder,
    ConnectorAccountRepository,
    ConnectorRegistry,
    CredentialsCipher,
    QuotaLedgerRepository,
    WebhookBufferRepository,
    ...FACTORIES,
    { provide: CONNECTOR_FACTORIES, inject: FACTORIES, useFactory: (...f: ConnectorFactory[]) => f },
  ],
  exports: [AccountSeeder, ConnectorAccountRepository, ConnectorRegistry, CredentialsCipher, WebhookBufferRepository],
})
export class ConnectorsModule implements OnModuleInit {
  constructor(private readonly seeder: AccountSeeder) {}

  onModuleInit(): Promise<void> {
    return this.seeder.seed();
  }
}
