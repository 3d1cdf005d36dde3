import { DataSource } from 'typeorm';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { catchUp, connectDashboard, eventually } from '../factories/socket.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';
import { CLEAR_POSTS } from '../fixtures/x/citizen-posts.js';

interface CaseMsg {
  id: string;
  trackingNumber: string;
  opd: { code: string } | null;
  post: { text: string; platform: string };
}

describe('e2e: from a post on X to an OPD inbox and the live socket', () => {
  const fake = new XFake({ maxPageSize: 4, duplicateAcrossPages: true });
  let t: TestApp;

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ X_BASE_URL: fake.baseUrl, POLL_SCHEDULER_ENABLED: 'true', POLL_TICK_MS: '100' });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('should make one case per unique post in the right OPD, through 3 pages, a duplicate and a 429, and push each over socket.io', async () => {
    const operator = await connectDashboard<CaseMsg>(t.url, await t.tokenFor('operator'));
    const dpupr = await connectDashboard<CaseMsg>(t.url, await t.tokenFor('opd', ['DPUPR']));
    for (const p of CLEAR_POSTS) fake.addTweet({ text: p.text });
    // Page 1 passes, page 2 is rate limited with a reset one second ahead, then the drain resumes.
    fake.inject({ kind: 'rate_limit', path: '/mentions', after: 1, resetInSec: 1 });
    const stored = Date.now();
    await createAccount(t.app, { externalAccountId: fake.accountUserId, pollIntervalSec: 300 });

    const all = await operator.waitFor((r) => r.length >= CLEAR_POSTS.length, 20_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more should come
    expect(all).toHaveLength(CLEAR_POSTS.length);
    expect(new Set(all.map((c) => c.post.text)).size).toBe(CLEAR_POSTS.length);
    for (const p of CLEAR_POSTS) expect(all.find((c) => c.post.text === p.text)?.opd?.code).toBe(p.opd);
    // The fake really paged (3 pages of 4 with one repeated item) and really answered 429.
    const mentionCalls = fake.requestsTo('/mentions');
    expect(mentionCalls.length).toBeGreaterThanOrEqual(4);
    expect(mentionCalls.filter((r) => r.query.pagination_token).length).toBeGreaterThanOrEqual(3);

    // The OPD user heard only its own case.
    await dpupr.waitFor((r) => r.length >= 1);
    expect(dpupr.received.map((c) => c.opd?.code)).toEqual(['DPUPR']);

    const ds = t.get(DataSource);
    const [{ posts, cases }] = await ds.query(`SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM cases)::int AS cases`);
    expect({ posts, cases }).toEqual({ posts: CLEAR_POSTS.length, cases: CLEAR_POSTS.length });
    expect(Date.now() - stored).toBeLessThan(20_000);

    operator.socket.disconnect();
    dpupr.socket.disconnect();
  });

  it('should push a new case within a second of it being stored', async () => {
    const operator = await connectDashboard<CaseMsg & { createdAt: string }>(t.url, await t.tokenFor('operator'));
    fake.addTweet({ text: '@pemkabsinjai jembatan gantung di Bua putus, anak sekolah tidak bisa lewat' });
    await t.get(DataSource).query(`UPDATE connector_accounts SET next_poll_at = now()`);
    const [msg] = await operator.waitFor((r) => r.length >= 1, 10_000);
    const latency = Date.now() - Date.parse(msg.createdAt);
    expect(latency).toBeLessThan(1000);
    operator.socket.disconnect();
  });

  it('should give a reconnecting client what it missed, within its permissions', async () => {
    const opdToken = await t.tokenFor('opd', ['PDAM']);
    const first = await connectDashboard<CaseMsg>(t.url, opdToken);
    const seen = await catchUp<CaseMsg>(first.socket, '0');
    if (!('items' in seen)) throw new Error(seen.error);
    expect(seen.items.map((c) => c.opd?.code)).toEqual(['PDAM']);
    const lastId = seen.items.at(-1)!.id;
    first.socket.disconnect();

    fake.addTweet({ text: '@pemkabsinjai air PDAM keruh dan berbau di kompleks Bongki, tagihan air tetap naik' });
    fake.addTweet({ text: '@pemkabsinjai jalan rusak berlubang depan SD Kalobba belum diperbaiki' });
    const ds = t.get(DataSource);
    await ds.query(`UPDATE connector_accounts SET next_poll_at = now()`);
    await eventually(async () => (await ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number, (n) => n >= 13);

    const again = await connectDashboard<CaseMsg>(t.url, opdToken);
    const missed = await catchUp<CaseMsg>(again.socket, lastId);
    if (!('items' in missed)) throw new Error(missed.error);
    expect(missed.items).toHaveLength(1);
    expect(missed.items[0].post.text).toContain('keruh');
    again.socket.disconnect();
  });

  it('should drop a socket without a valid token', async () => {
    await expect(connectDashboard(t.url, 'not-a-token')).rejects.toThrow('unauthorized');
  });

  it('should serve cases over REST with filters, pagination and OPD isolation', async () => {
    const op = await t.tokenFor('operator');
    const first = await t.http().get('/api/cases?limit=5').set('authorization', `Bearer ${op}`).expect(200);
    expect(first.body.items).toHaveLength(5);
    const next = await t.http().get(`/api/cases?limit=5&cursor=${first.body.nextCursor}`).set('authorization', `Bearer ${op}`).expect(200);
    const ids = [...first.body.items, ...next.body.items].map((c: CaseMsg) => c.id);
    expect(new Set(ids).size).toBe(ids.length);

    const pdam = await t.http().get('/api/cases?opd=PDAM').set('authorization', `Bearer ${op}`).expect(200);
    expect(pdam.body.items.every((c: CaseMsg) => c.opd?.code === 'PDAM')).toBe(true);

    const dpuprToken = await t.tokenFor('opd', ['DPUPR']);
    const own = await t.http().get('/api/cases').set('authorization', `Bearer ${dpuprToken}`).expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((c: CaseMsg) => c.opd?.code === 'DPUPR')).toBe(true);
    const other = pdam.body.items[0] as CaseMsg;
    await t.http().get(`/api/cases/${other.id}`).set('authorization', `Bearer ${dpuprToken}`).expect(404);
    const detail = await t.http().get(`/api/cases/${other.id}`).set('authorization', `Bearer ${op}`).expect(200);
    expect(detail.body.post.platform).toBe('x');
    expect(detail.body.events[0].type).toBe('created');

    await t.http().get('/api/cases').expect(401);
    const bad = await t.http().get('/api/cases?status=bogus&limit=1000').set('authorization', `Bearer ${op}`).expect(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/status/);
    expect(JSON.stringify(bad.body.message)).toMatch(/limit/);
    await t.http().get('/api/health').expect(200);
  });
});
