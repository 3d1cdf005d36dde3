import { createHash, randomBytes } from 'node:crypto';
import { credentialsDigest, sameCredentials } from './account-seeder.js';

describe('credentialsDigest (issue 13 §6)', () => {
  const creds = { accessToken: 'EAAG-token-rahasia', appSecret: 'rahasia-aplikasi' };
  const unkeyed = createHash('sha256').update(JSON.stringify(Object.entries(creds).sort())).digest('base64url').slice(0, 22);

  it('should be keyed: a backup without CREDENTIALS_KEY cannot confirm a token guess', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    expect(credentialsDigest(creds, k1)).toBe(credentialsDigest({ appSecret: creds.appSecret, accessToken: creds.accessToken }, k1));
    expect(credentialsDigest(creds, k1)).not.toBe(credentialsDigest(creds, k2));
    expect(credentialsDigest(creds, k1)).not.toContain(unkeyed);
    expect(credentialsDigest(creds, k1)).not.toBe(credentialsDigest({ ...creds, accessToken: 'tebakan' }, k1));
  });

  it('should still recognise a digest stored before the HMAC, so an upgrade keeps refreshed tokens', () => {
    const key = randomBytes(32);
    expect(sameCredentials(unkeyed, creds, key)).toBe(true);
    expect(sameCredentials(unkeyed, { ...creds, accessToken: 'lain' }, key)).toBe(false);
    expect(sameCredentials(credentialsDigest(creds, key), creds, key)).toBe(true);
  });
});
