import { startTestApp, type TestApp } from '../factories/test-app.js';
import { AuthService } from '../../src/auth/auth.service.js';

describe('e2e: login, refresh, logout and slowed-down failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.get(AuthService).ensureUser({ username: 'rina', displayName: 'Rina', password: 'kata-sandi-rina-1', role: 'operator' });
  });
  afterAll(() => t.close());

  const login = (password: string) => t.http().post('/api/auth/login').send({ username: 'rina', password });

  it('should answer 401 on every /api route without a token, except the public ones', async () => {
    for (const p of ['/api/cases', '/api/stats/today', '/api/users', '/api/auth/me', '/api/alerts']) await t.http().get(p).expect(401);
    await t.http().get('/api/health').expect(200);
    await t.http().get('/api/docs').expect(200);
    await t.http().get('/api/docs-json').expect(200);
  });

  it('should rotate refresh tokens, refuse a reused one, and end the session on logout', async () => {
    const first = (await login('kata-sandi-rina-1').expect(200)).body;
    expect(first.user.role).toBe('operator');
    await t.http().get('/api/auth/me').set('authorization', `Bearer ${first.accessToken}`).expect(200);
    const second = (await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    await t.http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await t.http().get('/api/auth/me').set('authorization', `Bearer ${first.accessToken}`).expect(401); // rotated away
    await t.http().get('/api/auth/me').set('authorization', `Bearer ${second.accessToken}`).expect(200);
    await t.http().post('/api/auth/logout').set('authorization', `Bearer ${second.accessToken}`).send({ refreshToken: second.refreshToken }).expect(204);
    await t.http().get('/api/auth/me').set('authorization', `Bearer ${second.accessToken}`).expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
  });

  it('should slow down repeated failed logins for a username, and reset after a success', async () => {
    for (let i = 0; i < 4; i++) await login('salah').expect(401);
    const blocked = await login('kata-sandi-rina-1').expect(429);
    expect(blocked.body.message).toMatch(/Coba lagi dalam \d+ detik/);
    await new Promise((r) => setTimeout(r, 2100));
    await login('kata-sandi-rina-1').expect(200);
    await login('salah').expect(401);
    await login('kata-sandi-rina-1').expect(200); // the counter was reset
  });

  it('should refuse a deactivated user at once', async () => {
    const admin = await t.tokenFor('admin');
    const { accessToken, user } = (await login('kata-sandi-rina-1').expect(200)).body;
    await t.http().patch(`/api/users/${user.id}`).set('authorization', `Bearer ${admin}`).send({ active: false }).expect(200);
    await t.http().get('/api/cases').set('authorization', `Bearer ${accessToken}`).expect(401);
    await login('kata-sandi-rina-1').expect(401);
  });
});
