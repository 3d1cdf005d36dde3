import { networkInterfaces } from 'node:os';
import { assertSafeTarget, isBlockedAddress, UnsafeTargetError } from './ssrf-guard.js';

describe('webhook SSRF guard', () => {
  it.each(['127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1', 'not-an-ip'])(
    'should block %s',
    (a) => expect(isBlockedAddress(a)).toBe(true),
  );

  it.each(['8.8.8.8', '103.10.20.30', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('should allow the public address %s', (a) => expect(isBlockedAddress(a)).toBe(false));

  it.each(['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/', 'ftp://example.org/x', 'https://user:pw@example.org/', 'not a url'])(
    'should refuse %s when private targets are not allowed',
    async (url) => {
      await expect(assertSafeTarget(url, false)).rejects.toBeInstanceOf(UnsafeTargetError);
    },
  );

  it('should let a loopback target through when an admin setting allows private targets (tests)', async () => {
    await expect(assertSafeTarget('http://127.0.0.1:9/hook', true)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeTarget('ftp://127.0.0.1/', true)).rejects.toBeInstanceOf(UnsafeTargetError);
  });

  it('should block every address of this machine, public ones included (the service’s own host)', () => {
    const own = Object.values(networkInterfaces()).flat().map((i) => i!.address);
    expect(own.length).toBeGreaterThan(0);
    for (const a of own) expect(isBlockedAddress(a)).toBe(true);
  });

  it('should accept a public address literal without resolving anything', async () => {
    await expect(assertSafeTarget('https://8.8.8.8/hook', false)).resolves.toBeInstanceOf(URL);
  });
});
