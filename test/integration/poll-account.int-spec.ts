import { DataSource } from 'typeorm';
import { ConnectorAccountRepository } from '../../src/connectors/connector-account.repository.js';
import { PollScheduler } from '../../src/ingestion/poll.scheduler.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

describe('poll runs of an X account (real PostgreSQL, fake X)', () => {
  const fake = new XFake({ maxPageSize: 3 });
  let t: TestApp;
  let ds: DataSource;

  const counts = async (): Promise<{ posts: number; cases: number; distinctExternal: number }> => {
    const [r] = await ds.query(
      `SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM cases)::int AS cases,
              (SELECT count(DISTINCT external_id) FROM posts)::int AS "distinctExternal"`,
    );
    return r;
  };

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ X_BASE_URL: fake.baseUrl, CONNECTOR_HTTP_TIMEOUT_MS: '500' });
    ds = t.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });
  beforeEach(async () => {
    fake.reset();
    fake.configure({ maxPageSize: 3, duplicateAcrossPages: false });
    await ds.query('TRUNCATE case_events, cases, posts, connector_accounts, tracking_counters CASCADE');
  });

  it('should turn every mention into exactly one case and keep the cursor for the next run', async () => {
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    for (let i = 0; i < 8; i++) fake.addTweet({ text: `@pemkabsinjai jalan rusak berlubang di Lappa nomor ${i}` });
    await pollNow(t.app, acc.id);
    expect(await counts()).toEqual({ posts: 8, cases: 8, distinctExternal: 8 });
    const after = await reloadAccount(t.app, acc.id);
    expect(after.healthState).toBe('ok');
    expect(JSON.parse(after.cursor!).streams.mentions.sinceId).toBe(fake.allTweets().at(-1)!.id);

    await pollNow(t.app, acc.id);
    expect(await counts()).toEqual({ posts: 8, cases: 8, distinctExternal: 8 });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases WHERE tracking_number ~ '^SW-\\d{4}-\\d{6}$'`);
    expect(n).toBe(8);
  });

  it('should absorb duplicates across pages', async () => {
    fake.configure({ duplicateAcrossPages: true });
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    for (let i = 0; i < 7; i++) fake.addTweet({ text: `air pdam mati ${i}` });
    await pollNow(t.app, acc.id);
    expect(await counts()).toEqual({ posts: 7, cases: 7, distinctExternal: 7 });
  });

  it('should pause a rate-limited account until the reset, then resume from its cursor', async () => {
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    for (let i = 0; i < 8; i++) fake.addTweet({ text: `sampah menumpuk ${i}` });
    fake.inject({ kind: 'rate_limit', path: '/mentions', after: 1, resetInSec: 600 });
    await pollNow(t.app, acc.id);
    const paused = await reloadAccount(t.app, acc.id);
    expect(paused.healthState).toBe('rate_limited');
    expect(paused.retryAt!.getTime()).toBeGreaterThan(Date.now() + 590_000);
    expect(paused.nextPollAt!.getTime()).toBe(paused.retryAt!.getTime());
    expect((await counts()).posts).toBe(3); // the first page, committed with its cursor

    // Not due: a tick leaves it alone.
    const before = fake.requests.length;
    await t.get(PollScheduler).tick();
    await t.get(PollScheduler).idle();
    expect(fake.requests.length).toBe(before);

    await pollNow(t.app, acc.id); // the reset has come
    expect(await counts()).toEqual({ posts: 8, cases: 8, distinctExternal: 8 });
    const resumed = fake.requestsTo('/mentions').slice(-3);
    expect(resumed[0].query.pagination_token).toBeDefined();
    expect((await reloadAccount(t.app, acc.id)).healthState).toBe('ok');
  });

  it.each([
    ['malformed JSON', 'bad_json' as const],
    ['an HTML error page', 'html' as const],
    ['a hanging request', 'hang' as const],
    ['a 503', 'server_error' as const],
  ])('should keep the cursor, mark health and lose nothing on %s', async (_name, kind) => {
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    fake.addTweet({ text: 'lampu jalan mati' });
    await pollNow(t.app, acc.id);
    const cursor = (await reloadAccount(t.app, acc.id)).cursor;

    for (let i = 0; i < 4; i++) fake.addTweet({ text: `pungli di kantor ${i}` });
    fake.inject({ kind });
    await pollNow(t.app, acc.id);
    const failed = await reloadAccount(t.app, acc.id);
    expect(failed.cursor).toBe(cursor);
    expect(failed.healthState).toBe('degraded');
    expect(failed.healthDetail).toMatch(/X mentions/);
    expect(failed.consecutiveFailures).toBe(1);
    expect(failed.nextPollAt!.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect((await counts()).posts).toBe(1);

    await pollNow(t.app, acc.id);
    expect(await counts()).toEqual({ posts: 5, cases: 5, distinctExternal: 5 });
    const ok = await reloadAccount(t.app, acc.id);
    expect(ok.healthState).toBe('ok');
    expect(ok.consecutiveFailures).toBe(0);
  });

  it('should back off exponentially with a cap, and show down after repeated failures', async () => {
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    fake.inject({ kind: 'server_error', times: -1 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pollNow(t.app, acc.id);
      const a = await reloadAccount(t.app, acc.id);
      // The delay chosen at the failure (retryAt), measured from when the run finished.
      delays.push(a.retryAt!.getTime() - a.lastPolledAt!.getTime());
    }
    // base 50 ms doubling, capped at 400 ms; jitter keeps each in [exp/2, exp] (a few ms of run time aside)
    expect(delays[0]).toBeLessThanOrEqual(50);
    expect(Math.max(...delays)).toBeLessThanOrEqual(400);
    expect(delays[5]).toBeGreaterThanOrEqual(190);
    expect((await reloadAccount(t.app, acc.id)).healthState).toBe('down');
  });

  it('should mark an expired token auth_expired, stop polling it, and keep other accounts running', async () => {
    const broken = await createAccount(t.app, { externalAccountId: fake.accountUserId, credentials: { bearerToken: 'expired-token' } });
    const other = new XFake({ accountUserId: '1100000000000000777', accountUsername: 'bupatisinjai' });
    await other.start();
    try {
      // The healthy account talks to the same fake API; it differs only in token and user id.
      const healthy = await createAccount(t.app, { externalAccountId: '1100000000000000777', handle: 'bupatisinjai' });
      fake.addTweet({ text: 'jembatan putus' });
      fake['users'].set('1100000000000000777', { id: '1100000000000000777', name: 'Bupati', username: 'bupatisinjai' });
      (fake.allTweets()[0].mentions).push('1100000000000000777');

      await pollNow(t.app, broken.id);
      await pollNow(t.app, healthy.id);
      const b = await reloadAccount(t.app, broken.id);
      expect(b.healthState).toBe('auth_expired');
      expect(b.nextPollAt).toBeNull();
      expect((await reloadAccount(t.app, healthy.id)).healthState).toBe('ok');
      expect((await counts()).cases).toBe(1);

      // Never claimed again until re-authorised.
      await t.get(ConnectorAccountRepository).update(broken.id, { nextPollAt: new Date(0) });
      const before = fake.requests.length;
      await t.get(PollScheduler).tick();
      await t.get(PollScheduler).idle();
      expect(fake.requests.filter((r) => r.headers.authorization === 'Bearer expired-token').length).toBe(
        fake.requests.slice(0, before).filter((r) => r.headers.authorization === 'Bearer expired-token').length,
      );

      // Per-account details are for Diskominfo staff; the public answer is up/down only.
      expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'up' });
      const res = await t.http().get('/api/health').set('authorization', `Bearer ${await t.tokenFor('operator')}`).expect(200);
      const states = Object.fromEntries((res.body.connectors as Array<{ handle: string; state: string }>).map((c) => [c.handle, c.state]));
      expect(states).toEqual({ pemkabsinjai: 'auth_expired', bupatisinjai: 'ok' });
      expect(res.body.database.status).toBe('up');

      // New credentials re-authorise the account.
      await createAccount(t.app, { externalAccountId: fake.accountUserId, credentials: { bearerToken: 'x-app-token' } });
      const re = await reloadAccount(t.app, broken.id);
      expect(re.healthState).toBe('ok');
      expect(re.nextPollAt).not.toBeNull();
    } finally {
      await other.stop();
    }
  });

  it('should let only one of two concurrent schedulers claim an account, and hold it for the run', async () => {
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    const repo = t.get(ConnectorAccountRepository);
    await repo.update(acc.id, { nextPollAt: new Date(Date.now() - 1000) });
    const [a, b] = await Promise.all([repo.claimDue('instance-a', 60_000, 10, []), repo.claimDue('instance-b', 60_000, 10, [])]);
    expect(a.length + b.length).toBe(1);
    // Still leased: a third scheduler finds nothing due even though next_poll_at has passed.
    expect(await repo.claimDue('instance-c', 60_000, 10, [])).toEqual([]);
  });
});

