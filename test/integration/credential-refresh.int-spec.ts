import { DataSource } from 'typeorm';
import { CredentialsCipher } from '../../src/connectors/credentials-cipher.js';
import { ConnectorAccountRepository } from '../../src/connectors/connector-account.repository.js';
import { ConnectorRegistry } from '../../src/connectors/connector.registry.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// X rotates OAuth 2.0 refresh tokens: once a connector has refreshed, the configured refresh token
// is spent. The rotated pair must be stored encrypted, used by the next run, and survive a restart
// (the seeder runs again with the same configuration) without being reverted to the spent one.
describe('refreshed platform tokens (real PostgreSQL, fake X)', () => {
  const fake = new XFake();
  let t: TestApp;
  const configured = { bearerToken: 'x-app-token', userAccessToken: 'x-user-token', userRefreshToken: 'x-refresh-token', clientId: 'x-client-id' };

  const stored = async (id: string): Promise<Record<string, string>> =>
    t.get(CredentialsCipher).decrypt(await t.get(ConnectorAccountRepository).findCredentials(id));
  const reply = async (accountId: string, targetId: string, text: string) => {
    const connector = await t.get(ConnectorRegistry).forAccount(await reloadAccount(t.app, accountId));
    return connector.reply({ platform: 'x', accountId: fake.accountUserId, targetId }, text, { idempotencyKey: text });
  };

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ X_BASE_URL: fake.baseUrl });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('should store rotated tokens encrypted, use them next time, and keep them across a re-seed with the same config', async () => {
    fake.configure({ userTokens: ['x-user-token'], refreshTokens: ['x-refresh-token'], clientId: 'x-client-id' });
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId, credentials: configured });
    const tweet = fake.addTweet({ text: 'jalan ke Sinjai Borong rusak' });
    fake.expiredTokens.add('x-user-token');

    await reply(acc.id, tweet.id, 'Laporan diteruskan ke DPUPR.');
    expect(fake.refreshCount).toBe(1);
    expect(await stored(acc.id)).toMatchObject({ userAccessToken: 'x-user-token-r1', userRefreshToken: 'x-refresh-token-r1', bearerToken: 'x-app-token' });
    // At rest the tokens are ciphertext only.
    const [{ enc }] = await t.get(DataSource).query('SELECT credentials_enc AS enc FROM connector_accounts WHERE id = $1', [acc.id]);
    expect(enc).not.toContain('x-user-token');

    // A restart seeds the same configuration again: the rotated pair stays.
    await createAccount(t.app, { externalAccountId: fake.accountUserId, credentials: configured });
    expect(await stored(acc.id)).toMatchObject({ userAccessToken: 'x-user-token-r1', userRefreshToken: 'x-refresh-token-r1' });
    await reply(acc.id, tweet.id, 'Petugas sudah dijadwalkan.');
    expect(fake.refreshCount).toBe(1);
    expect(fake.posted).toHaveLength(2);

    // New configured tokens are a re-authorisation and replace the stored ones.
    const renewed = { ...configured, userAccessToken: 'x-user-token-new', userRefreshToken: 'x-refresh-token-new' };
    await createAccount(t.app, { externalAccountId: fake.accountUserId, credentials: renewed });
    const after = await stored(acc.id);
    expect(after).toMatchObject(renewed);
    expect((await reloadAccount(t.app, acc.id)).seeded?.credentialsDigest).toBeDefined();
  });

  it('should keep an admin re-authorisation across a re-seed with unchanged config', async () => {
    const acc = await createAccount(t.app, { externalAccountId: '1100000000000000999', handle: 'dinaspupr', credentials: configured });
    const admin = await t.tokenFor('admin');
    const fresh = { bearerToken: 'x-app-token', userAccessToken: 'from-admin', userRefreshToken: 'from-admin-refresh', clientId: 'x-client-id' };
    await t.http().patch(`/api/accounts/${acc.id}`).set('authorization', `Bearer ${admin}`).send({ credentials: fresh }).expect(200);
    await createAccount(t.app, { externalAccountId: '1100000000000000999', handle: 'dinaspupr', credentials: configured });
    expect(await stored(acc.id)).toMatchObject(fresh);
  });
});
