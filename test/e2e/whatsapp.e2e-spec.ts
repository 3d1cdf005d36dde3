import { DataSource } from 'typeorm';
import { WhatsAppFake } from '../../src/fakes/whatsapp.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

describe('e2e: WhatsApp by webhook into the durable buffer, drained like a poll, answered in the window', () => {
  const wa = new WhatsAppFake();
  let t: TestApp;
  let ds: DataSource;
  let accountId: string;

  const count = async (table: string): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    await wa.start();
    t = await startTestApp({ WHATSAPP_BASE_URL: wa.baseUrl, META_APP_SECRET: wa.appSecret, META_WEBHOOK_VERIFY_TOKEN: 'verify-me' });
    ds = t.get(DataSource);
    wa.webhookUrl = `${t.url}/api/webhooks/whatsapp`;
    const acc = await createAccount(t.app, { platform: 'whatsapp', externalAccountId: wa.phoneNumberId, handle: wa.displayNumber, credentials: { accessToken: 'wa-token' } });
    accountId = acc.id;
  });
  afterAll(async () => {
    await t.close();
    await wa.stop();
  });

  it('should answer the verification handshake only with the right verify token', async () => {
    const ok = await t.http().get('/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444').expect(200);
    expect(ok.text).toBe('1158201444');
    await t.http().get('/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1').expect(403);
  });

  it('should reject a bad or missing signature with 401 and store nothing', async () => {
    const payload = wa.messagePayload({ id: 'wamid.forged', text: 'palsu' });
    expect(await wa.deliver(payload, { signature: 'sha256=' + '0'.repeat(64) })).toBe(401);
    expect(await wa.deliver(payload, { signature: null })).toBe(401);
    // Signed for a different body: the signature covers the raw bytes.
    expect(await wa.deliver(payload, { rawBody: JSON.stringify(payload) + ' ', signature: (await import('../../src/ingestion/webhooks/meta-signature.js')).signMetaBody(JSON.stringify(payload), wa.appSecret) })).toBe(401);
    expect(await count('webhook_events')).toBe(0);
  });

  it('should refuse a signed body that is not JSON, storing nothing', async () => {
    expect(await wa.deliver(null, { rawBody: '{"entry": [' })).toBe(400);
    expect(await count('webhook_events')).toBe(0);
  });

  it('should store a message before answering 200, and make one case of a webhook delivered twice', async () => {
    const payload = wa.messagePayload({ id: 'wamid.dup1', from: '6281299990001', name: 'Ibu Hasnah', text: 'Assalamualaikum pak, air PDAM di rumah kami di Biringere mati sejak kemarin, mohon dibantu' });
    wa.touchWindow('6281299990001');
    expect(await wa.deliver(payload)).toBe(200);
    expect(await count('webhook_events')).toBe(1); // durable before the 200
    expect(await wa.deliver(payload)).toBe(200);
    expect(await count('webhook_events')).toBe(1);
    await pollNow(t.app, accountId);
    const rows = await ds.query(`SELECT p.platform, p.kind, p.author_name, c.opd_code FROM posts p JOIN cases c ON c.post_id = p.id`);
    expect(rows).toEqual([{ platform: 'whatsapp', kind: 'direct_message', author_name: 'Ibu Hasnah', opd_code: 'PDAM' }]);
  });

  it('should join the same citizen’s next message to the open case instead of opening another', async () => {
    const { status } = await wa.sendMessage({ from: '6281299990001', name: 'Ibu Hasnah', text: 'sampai sekarang masih mati pak, sudah 2 hari' });
    expect(status).toBe(200);
    await pollNow(t.app, accountId);
    expect(await count('cases')).toBe(1);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM posts WHERE case_id IS NOT NULL`);
    expect(n).toBe(2);
  });

  it('should accept a BSUID-only sender (no phone number) and key the citizen on the BSUID', async () => {
    await wa.sendMessage({ bsuid: 'ID.777000111222333', omitPhone: true, name: 'Warga Anonim', text: 'Mohon info syarat membuat akta kelahiran untuk anak yang lahir di rumah?' });
    await pollNow(t.app, accountId);
    const [row] = await ds.query(`SELECT author_id, reply_target FROM posts WHERE author_name = 'Warga Anonim'`);
    expect(row.author_id).toBe('ID.777000111222333');
    expect(row.reply_target.extra.recipient).toBe('ID.777000111222333');
  });

  it('should send a reply inside the 24-hour window and track its delivery from status webhooks', async () => {
    const [c] = await ds.query(`SELECT c.id, c.version FROM cases c JOIN posts p ON p.id = c.post_id WHERE p.author_name = 'Ibu Hasnah'`);
    const token = await t.tokenFor('operator');
    const res = await t.http().post(`/api/cases/${c.id}/replies`).set('authorization', `Bearer ${token}`).send({ text: 'Terima kasih Bu, laporan sudah kami teruskan ke PDAM.' }).expect(201);
    expect(res.body.state).toBe('sent');
    expect(wa.sent).toHaveLength(1);
    expect(wa.sent[0]).toMatchObject({ to: '6281299990001', text: 'Terima kasih Bu, laporan sudah kami teruskan ke PDAM.' });
    for (let i = 0; i < 50 && (await ds.query(`SELECT delivery_status FROM outbound_replies`))[0].delivery_status !== 'read'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await ds.query(`SELECT delivery_status, state FROM outbound_replies`))[0]).toEqual({ delivery_status: 'read', state: 'sent' });
    const events = (await ds.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`, [c.id])).map((e: { type: string }) => e.type);
    expect(events).toContain('reply_sent');
  });

  it('should refuse a reply when the 24-hour window has closed, with a clear error stored on the case', async () => {
    const longAgo = Math.floor(Date.now() / 1000) - 25 * 3600;
    await wa.deliver(wa.messagePayload({ id: 'wamid.old1', from: '6281299990009', name: 'Pak Rahmat', text: 'lampu jalan di lorong kami mati semua pak', timestamp: longAgo }));
    await pollNow(t.app, accountId);
    const [c] = await ds.query(`SELECT c.id FROM cases c JOIN posts p ON p.id = c.post_id WHERE p.author_name = 'Pak Rahmat'`);
    const token = await t.tokenFor('operator');
    const res = await t.http().post(`/api/cases/${c.id}/replies`).set('authorization', `Bearer ${token}`).send({ text: 'Baik Pak, kami teruskan.' }).expect(422);
    expect(res.body.message).toMatch(/24 jam/);
    expect(res.body.details.reply.state).toBe('window_closed');
    expect(wa.sent.filter((s) => s.to === '6281299990009')).toHaveLength(0);
    const detail = await t.http().get(`/api/cases/${c.id}`).set('authorization', `Bearer ${token}`).expect(200);
    expect(detail.body.replies.map((r: { state: string }) => r.state)).toEqual(['window_closed']);
  });
});
