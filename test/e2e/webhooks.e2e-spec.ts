import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WebhookReceiverFake, type ReceivedWebhook } from '../../src/fakes/webhook-receiver.fake.js';
import { OutboxWorker } from '../../src/integration/outbox.worker.js';
import { WebhookSubscribersService } from '../../src/integration/webhooks/webhook-subscribers.service.js';
import { createCase } from '../factories/case.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// The test's own Standard Webhooks verifier (https://www.standardwebhooks.com): HMAC-SHA256 over
// "<id>.<timestamp>.<body>" with the base64 key of the whsec_ secret, timestamp within 5 minutes.
function verify(secret: string, w: Pick<ReceivedWebhook, 'id' | 'timestamp' | 'signature' | 'body'>): boolean {
  if (Math.abs(Date.now() / 1000 - Number(w.timestamp)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${w.id}.${w.timestamp}.${w.body}`).digest();
  return w.signature.split(' ').some((s) => {
    const [v, sig] = s.split(',');
    const got = Buffer.from(sig ?? '', 'base64');
    return v === 'v1' && got.length === expected.length && timingSafeEqual(got, expected);
  });
}

describe('e2e: signed outbound webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiverFake;
  let admin: string;
  let ds: DataSource;

  beforeAll(async () => {
    receiver = new WebhookReceiverFake();
    await receiver.start();
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    admin = await t.tokenFor('admin');
    ds = t.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const auth = () => ({ authorization: `Bearer ${admin}` });
  const subscribe = async (path: string, eventTypes: string[]) =>
    (await t.http().post('/api/webhook-subscribers').set(auth()).send({ name: `Dasbor ${path}`, url: `${receiver.baseUrl}/hooks/${path}`, eventTypes }).expect(201)).body as { id: string; secret: string };
  const fanOutAndDrain = async () => {
    await t.get(WebhookSubscribersService).fanOut(0);
    return t.get(OutboxWorker).drain();
  };
  const timePasses = () => ds.query(`UPDATE outbox SET next_attempt_at = now() WHERE state = 'pending'`);
  const delivered = (path: string) => receiver.received.filter((r) => r.status === 200 && r.path === `/hooks/${path}`);

  it('should deliver each event exactly once by its id, validly signed, through three 500s', async () => {
    const sub = await subscribe('a', ['case.status_changed', 'case.finished']);
    const list = await t.http().get('/api/webhook-subscribers').set(auth()).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(sub.secret.slice(6));
    const c = await createCase(t.app, { opdCode: 'DPUPR', text: 'jalan berlubang, hubungi 081234567890' });
    const dpupr = await t.tokenFor('opd', ['DPUPR']);
    const op = await t.tokenFor('operator');
    let v = (await t.http().post(`/api/cases/${c.id}/accept`).set({ authorization: `Bearer ${dpupr}` }).send({ version: c.version }).expect(200)).body;
    v = (await t.http().post(`/api/cases/${c.id}/finish`).set({ authorization: `Bearer ${dpupr}` }).send({ version: v.version, summary: 'Sudah ditambal.' }).expect(200)).body;
    await t.http().post(`/api/cases/${c.id}/validate`).set({ authorization: `Bearer ${op}` }).send({ version: v.version }).expect(200);

    receiver.inject({ kind: 'server_error', status: 500, path: '/hooks/a', times: 3 });
    for (let i = 0; i < 6; i++) {
      await fanOutAndDrain();
      await timePasses();
    }
    const mine = delivered('a');
    // accepted, finished, validated: three status changes, and the finish.
    const ids = mine.map((w) => w.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(receiver.received.filter((r) => r.path === '/hooks/a' && r.status === 500)).toHaveLength(3);
    for (const w of mine) expect(verify(sub.secret, w)).toBe(true);
    const bodies = mine.map((w) => JSON.parse(w.body) as { type: string; data: { status: string; request: { service_request_id: string; description: string; status: string } } });
    // Order is not kept across retries (the one that met the 500s came later); each message says what it is.
    expect(bodies.map((b) => `${b.type} ${b.data.status}`).sort()).toEqual(['case.finished selesai', 'case.status_changed diproses', 'case.status_changed menunggu_validasi', 'case.status_changed selesai']);
    for (const b of bodies) expect(b.data.request.service_request_id).toBe(c.trackingNumber);
    expect(bodies[0].data.request.description).toContain('[telepon disamarkan]');
    expect(mine.map((w) => w.body).join()).not.toContain('34567890');

    const log = (await t.http().get(`/api/webhook-subscribers/${sub.id}/deliveries`).set(auth()).expect(200)).body.items as Array<{ state: string; attempts: number }>;
    expect(log.map((d) => d.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    // Four messages, three refused attempts between them: seven attempts in all, one success each.
    expect(log.reduce((n, d) => n + d.attempts, 0)).toBe(7);
  });

  it('should fail verification for a tampered body, signature or a stale timestamp', async () => {
    const sub = await subscribe('b', ['case.status_changed']);
    const c = await createCase(t.app, { opdCode: 'DLH', status: 'didisposisikan' });
    const dlh = await t.tokenFor('opd', ['DLH']);
    await t.http().post(`/api/cases/${c.id}/accept`).set({ authorization: `Bearer ${dlh}` }).send({ version: c.version }).expect(200);
    await fanOutAndDrain();
    const [w] = delivered('b');
    expect(verify(sub.secret, w)).toBe(true);
    expect(verify(sub.secret, { ...w, body: w.body.replace('diproses', 'selesai') })).toBe(false);
    expect(verify(sub.secret, { ...w, signature: `v1,${Buffer.from('x'.repeat(32)).toString('base64')}` })).toBe(false);
    expect(verify(sub.secret, { ...w, timestamp: String(Number(w.timestamp) - 3600) })).toBe(false);
    expect(verify('whsec_' + Buffer.from('another secret of 24 by').toString('base64'), w)).toBe(false);
  });

  it('should replay a delivery on request, with the same webhook-id', async () => {
    const sub = await subscribe('c', ['case.created', 'case.status_changed']);
    const c = await createCase(t.app, { opdCode: 'DPUPR' });
    const dpupr = await t.tokenFor('opd', ['DPUPR']);
    await t.http().post(`/api/cases/${c.id}/accept`).set({ authorization: `Bearer ${dpupr}` }).send({ version: c.version }).expect(200);
    await fanOutAndDrain();
    const [d] = (await t.http().get(`/api/webhook-subscribers/${sub.id}/deliveries`).set(auth()).expect(200)).body.items as Array<{ id: string; webhookId: string }>;
    const before = delivered('c').length;
    await t.http().post(`/api/webhook-deliveries/${d.id}/replay`).set(auth()).expect(200);
    await t.get(OutboxWorker).drain();
    const after = delivered('c');
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1].id).toBe(d.webhookId);
  });

  it('should disable a subscriber after a day of failures, tell Diskominfo, and deliver nothing more to it', async () => {
    const sub = await subscribe('d', ['case.status_changed']);
    receiver.inject({ kind: 'server_error', status: 503, path: '/hooks/d', times: -1 });
    const c = await createCase(t.app, { opdCode: 'DPUPR' });
    const dpupr = await t.tokenFor('opd', ['DPUPR']);
    await t.http().post(`/api/cases/${c.id}/accept`).set({ authorization: `Bearer ${dpupr}` }).send({ version: c.version }).expect(200);
    await fanOutAndDrain();
    // A day passes with every attempt failing.
    await ds.query(`UPDATE webhook_subscribers SET failing_since = now() - interval '25 hours' WHERE id = $1`, [sub.id]);
    await timePasses();
    await t.get(OutboxWorker).drain();
    const s = ((await t.http().get('/api/webhook-subscribers').set(auth()).expect(200)).body.items as Array<{ id: string; enabled: boolean; disabledReason: string }>).find((x) => x.id === sub.id)!;
    expect(s.enabled).toBe(false);
    expect(s.disabledReason).toMatch(/HTTP 503/);
    const alerts = await ds.query<Array<{ type: string; message: string }>>(`SELECT type, message FROM alerts WHERE type = 'webhook_disabled'`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].message).toContain('Dasbor d');
    await timePasses();
    await t.get(OutboxWorker).drain();
    const [d] = (await t.http().get(`/api/webhook-subscribers/${sub.id}/deliveries`).set(auth()).expect(200)).body.items as Array<{ state: string; lastError: string }>;
    expect(d).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/disabled/) });
  });

  it('should refuse bad subscriber input and non-admins', async () => {
    await t.http().post('/api/webhook-subscribers').set(auth()).send({ name: 'xy', url: 'ftp://127.0.0.1/', eventTypes: ['case.created'] }).expect(422);
    await t.http().post('/api/webhook-subscribers').set(auth()).send({ name: 'xy', url: `${receiver.baseUrl}/hooks/e`, eventTypes: ['case.deleted'] }).expect(400);
    await t.http().get('/api/webhook-subscribers').set({ authorization: `Bearer ${await t.tokenFor('operator')}` }).expect(403);
  });
});
