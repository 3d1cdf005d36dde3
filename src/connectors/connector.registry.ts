import { Inject, Injectable } from '@nestjs/common';
import type { Platform } from '../common/platform.js';
import { CONNECTOR_FACTORIES, type Connector, type ConnectorFactory } from './connector.interface.js';
import type { ConnectorAccount } from './connector-account.entity.js';
import { ConnectorAccountRepository } from './connector-account.repository.js';
import { CredentialsCipher } from './credentials-cipher.js';

/** Looks connectors up by platform: the one place that knows which factory serves which platform. */
@Injectable()
export class ConnectorRegistry {
  private readonly factories: Map<Platform, ConnectorFactory>;

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    private readonly cipher: CredentialsCipher,
    @Inject(CONNECTOR_FACTORIES) factories: ConnectorFactory[],
  ) {
    this.factories = new Map(factories.map((f) => [f.platform, f]));
  }

  supports(platform: Platform): boolean {
    return this.factories.has(platform);
  }

  async forAccount(account: ConnectorAccount): Promise<Connector> {
    const factory = this.factories.get(account.platform);
    if (!factory) throw new Error(`no connector for platform ${account.platform}`);
    const credentials = this.cipher.decrypt(await this.accounts.findCredentials(account.id));
    return factory.create({
      id: account.id,
      externalAccountId: account.externalAccountId,
      handle: account.handle,
      settings: account.settings,
      credentials,
      // Refreshed tokens (X OAuth2, TikTok) are stored encrypted at once, before they are used.
      onCredentialsRefreshed: async (next) => {
        await this.accounts.update(account.id, { credentialsEnc: this.cipher.encrypt(next) });
      },
    });
  }
}
