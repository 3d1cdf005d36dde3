import { io } from 'socket.io-client';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 13 §6: security headers on every answer (helmet), and socket.io no longer reflecting any Origin.
describe('e2e: headers and origins', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ ALLOWED_ORIGINS: 'https://dashboard.sinjaikab.go.id' });
    token = await t.tokenFor('operator');
  });
  afterAll(() => t.close());

  it.each(['/api/health', '/api/docs', '/api/cases'])('should send security headers and no X-Powered-By on %s', async (path) => {
    const res = await t.http().get(path).set('authorization', `Bearer ${token}`);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('should keep the dashboard’s own strict CSP', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("require-trusted-types-for 'script'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  const connect = (origin?: string) =>
    new Promise<string>((resolve) => {
      const s = io(t.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: origin ? { origin } : {} });
      s.once('connect', () => {
        s.disconnect();
        resolve('connected');
      });
      s.once('connect_error', (e) => {
        s.close();
        resolve(`refused: ${e.message}`);
      });
    });

  it('should let the service’s own origin and the configured ones open the socket, and refuse others', async () => {
    expect(await connect(t.url)).toBe('connected');
    expect(await connect('https://dashboard.sinjaikab.go.id')).toBe('connected');
    expect(await connect()).toBe('connected'); // not a browser: the token decides
    expect(await connect('https://evil.example')).toMatch(/^refused/);
    expect(await connect('null')).toMatch(/^refused/);
  });
});
