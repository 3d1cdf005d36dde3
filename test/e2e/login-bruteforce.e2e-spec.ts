import { DataSource } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 13 §3: 100 concurrent guesses used to give 99×401 + 1×200, no 429, and 100 bcrypt checks
// (the failure counter was a read-modify-write). Clients are told apart by X-Forwarded-For, which
// the app trusts from loopback here (TRUST_PROXY), as it would from its load balancer.
describe('e2e: login under brute force', () => {
  let t: TestApp;
  let auth: AuthService;
  const PASSWORD = 'kata-sandi-kepala-dinas-1';
  const login = (username: string, password: string, client: string) =>
    t.http().post('/api/auth/login').set('x-forwarded-for', client).send({ username, password });

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_LIMIT_PER_MIN: '20' });
    auth = t.get(AuthService);
    await auth.ensureUser({ username: 'kadis', displayName: 'Kepala Dinas', password: PASSWORD, role: 'admin' });
    await auth.ensureUser({ username: 'sebar', displayName: 'Sasaran', password: PASSWORD, role: 'operator' });
  });
  afterAll(() => t.close());

  it('should refuse most of 100 concurrent guesses with 429 + Retry-After, check few passwords, and still let the user in from elsewhere', async () => {
    const checksBefore = auth.passwordChecks;
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => login('kadis', `tebakan-${i}`, '203.0.113.7')));
    const status = (s: number) => answers.filter((a) => a.status === s);
    expect(status(200)).toHaveLength(0);
    // The per-client limit (20 a minute) lets exactly 20 through: counted atomically, none lost.
    expect(answers.filter((a) => a.status === 429 && /dari alamat ini/.test(a.body.message))).toHaveLength(80);
    // Of those 20, the username+client counter lets 3 free failures and 1 more reach bcrypt.
    expect(status(401)).toHaveLength(4);
    expect(status(429)).toHaveLength(96);
    expect(auth.passwordChecks - checksBefore).toBe(4);
    for (const a of status(429)) {
      expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(a.body.message).toMatch(/Coba lagi dalam \d+ detik/);
    }
    // The attacker's client stays refused, even with the right password...
    await login('kadis', PASSWORD, '203.0.113.7').expect(429);
    // ...while the real user, from their own office, logs in at once.
    const ok = await login('kadis', PASSWORD, '10.20.0.5').expect(200);
    expect(ok.body.user.username).toBe('kadis');
  });

  it('should slow a username down only briefly across many clients, and not at all for a client it knows', async () => {
    await login('sebar', PASSWORD, '10.20.0.9').expect(200); // the user's usual client
    // 40 clients, one guess each: the per-username slow-down starts after 20 failures.
    const wave = await Promise.all(Array.from({ length: 40 }, (_, i) => login('sebar', `salah-${i}`, `198.51.100.${i + 1}`)));
    expect(wave.filter((a) => a.status === 200)).toHaveLength(0);
    const refused = wave.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(15);
    for (const a of refused) expect(Number(a.headers['retry-after'])).toBeLessThanOrEqual(10);
    const [lock] = await t.get(DataSource).query(`SELECT EXTRACT(EPOCH FROM locked_until - now()) AS left FROM login_failures WHERE username = 'sebar' AND client = '*'`);
    expect(Number(lock.left)).toBeLessThanOrEqual(10);
    // The client that logged in before is not slowed down by strangers' failures.
    await login('sebar', PASSWORD, '10.20.0.9').expect(200);
    // A new client meets at most the short slow-down.
    const fresh = await login('sebar', PASSWORD, '10.20.0.77');
    expect([200, 429]).toContain(fresh.status);
    if (fresh.status === 429) expect(Number(fresh.headers['retry-after'])).toBeLessThanOrEqual(10);
  });

  it('should count concurrent hits in the PostgreSQL throttler storage without losing any', async () => {
    const storage = t.get(DataSource);
    const before = auth.passwordChecks;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`tidak-ada-${i}`, 'x', '192.0.2.44')));
    expect(answers.filter((a) => a.status === 429)).toHaveLength(10);
    expect(auth.passwordChecks - before).toBe(20); // unknown usernames are still checked against a dummy hash
    const [row] = await storage.query(`SELECT hits, blocked_until > now() AS blocked FROM throttle_hits WHERE key LIKE 'default:%' ORDER BY expires_at DESC LIMIT 1`);
    expect(row.blocked).toBe(true);
  });
});
