import pg from 'pg';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { testEnv } from '../factories/config.factory.js';
import { spawnService, waitForPort, type ServiceProcess } from '../factories/service-process.js';
import { eventually } from '../factories/socket.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

// The built service as a user runs it, against the fakes: deletions of openers and follow-ups on
// X and Facebook are marked by the periodic refresh, and a reply to a second-level Facebook comment
// whose call hangs is posted exactly once although the service is killed mid-call and restarted.
describe('e2e: deletions and a hung reply across a service restart', () => {
  const x = new XFake();
  const fb = new FacebookFake();
  let db: TestDatabase;
  let client: pg.Client;
  let proc: ServiceProcess | undefined;
  let base = '';

  const env = (): Record<string, string | undefined> =>
    testEnv({
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      POLL_SCHEDULER_ENABLED: 'true',
      X_BASE_URL: x.baseUrl,
      X_BEARER_TOKEN: 'x-app-token',
      X_USER_ACCESS_TOKEN: 'x-user-token',
      X_USER_ID: x.accountUserId,
      X_HANDLE: 'pemkabsinjai',
      X_POLL_INTERVAL_SEC: '5',
      FACEBOOK_BASE_URL: fb.baseUrl,
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'admin-password-123',
      REFRESH_OPEN_POSTS_MIN: '0.05',
      REPLY_RECHECK_SEC: '1',
      CONNECTOR_HTTP_TIMEOUT_MS: '1000',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'log',
    });
  const start = async (): Promise<void> => {
    proc = spawnService(env());
    base = `http://127.0.0.1:${await waitForPort(proc)}`;
  };
  const api = async (method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const login = async (): Promise<string> => (await api('POST', '/api/auth/login', undefined, { username: 'admin', password: 'admin-password-123' })).body.accessToken as string;
  const q = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await client.query(sql, params)).rows as T[];
  const postRow = async (externalId: string) =>
    (await q<{ id: string; case_id: string | null; deleted: boolean }>(`SELECT id, case_id, deleted FROM posts WHERE external_id = $1`, [externalId]))[0];

  beforeAll(async () => {
    await Promise.all([x.start(), fb.start()]);
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await client.end();
    await db.drop();
    await Promise.all([x.stop(), fb.stop()]);
  });

  it('should mark every deletion, post the reply once, and keep every account ingesting', async () => {
    await start();
    let token = await login();
    expect((await api('POST', '/api/accounts', token, { platform: 'facebook', externalAccountId: fb.pageId, handle: 'Pemkab Sinjai', pollIntervalSec: 5, credentials: { pageAccessToken: 'fb-page-token' } })).status).toBe(201);

    // Openers on both platforms, and a second-level comment on Facebook.
    const xOpener = x.addTweet({ text: '@pemkabsinjai jalan poros Lappa berlubang besar', author: { username: 'andi' } });
    const xOther = x.addTweet({ text: '@pemkabsinjai lampu jalan Biringere mati', author: { username: 'besse' } });
    const fbPost = fb.addVisitorPost({ text: 'saluran air di Jl. Persatuan tersumbat, banjir tiap hujan', author: { id: '7300000000100', name: 'Citra' } });
    const fbTop = fb.addComment({ postId: fbPost.id, text: 'di Jl. Sudirman juga tersumbat', author: { id: '7300000000200', name: 'Dewi' } });
    const fbSecond = fb.addComment({ postId: fbPost.id, parentId: fbTop.id, text: 'puskesmas Bikeru tutup terus, obat kosong', author: { id: '7300000000300', name: 'Eka' } });
    await eventually(async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE case_id IS NOT NULL`))[0].n, (n) => n >= 5, 30_000, 200);
    // Follow-ups by the same citizens join their cases.
    const xFollow = x.addTweet({ text: '@pemkabsinjai masih gelap malam ini', author: { username: 'besse' }, replyTo: xOther.id });
    const fbFollow = fb.addComment({ postId: fbPost.id, text: 'hari ini banjir lagi', author: { id: '7300000000100', name: 'Citra' } });
    await eventually(async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE case_id IS NOT NULL`))[0].n, (n) => n >= 7, 30_000, 200);
    expect((await postRow(xFollow.id)).case_id).toBe((await postRow(xOther.id)).case_id);
    expect((await postRow(fbFollow.id)).case_id).toBe((await postRow(fbPost.id)).case_id);

    // A reply to the second-level comment: its response never comes, and the service dies mid-call.
    fb.duplicateCheck = false; // nothing on the platform's side would stop a second post
    fb.loseReplyResponses('hang');
    const secondCase = (await postRow(fbSecond.id)).case_id!;
    const text = 'Dinkes sudah menghubungi kepala puskesmas Bikeru.';
    const sending = api('POST', `/api/cases/${secondCase}/replies`, token, { text }).catch(() => undefined);
    await eventually(async () => fb.posted.length, (n) => n === 1, 10_000, 20);
    proc!.child.kill('SIGKILL');
    await proc!.exited;
    await sending;
    expect((await q<{ state: string; attempts: number }>(`SELECT state, attempts FROM outbound_replies`))[0]).toMatchObject({ state: 'pending', attempts: 1 });

    // Meanwhile citizens delete an X opener, an X follow-up and a Facebook follow-up.
    x.deleteTweet(xOpener.id);
    x.deleteTweet(xFollow.id);
    fb.deleteItem(fbFollow.id);

    await start();
    token = await login();
    const reply = await eventually(
      async () => (await q<{ state: string; outcome: string | null; external_id: string | null }>(`SELECT state, outcome, external_id FROM outbound_replies`))[0],
      (r) => r.state !== 'pending' && r.state !== 'unknown',
      40_000,
      250,
    );
    expect(reply).toEqual({ state: 'sent', outcome: 'found_after_unknown', external_id: fb.posted[0].id });
    expect(fb.posted.filter((p) => p.message === text)).toHaveLength(1);
    expect(fb.posted[0].parentId).toBe(fbTop.id);

    await eventually(
      async () => (await q<{ external_id: string }>(`SELECT external_id FROM posts WHERE deleted`)).map((r) => r.external_id).sort(),
      (ids) => ids.length >= 3,
      30_000,
      250,
    );
    expect((await q<{ external_id: string }>(`SELECT external_id FROM posts WHERE deleted ORDER BY external_id`)).map((r) => r.external_id)).toEqual(
      [xOpener.id, xFollow.id, fbFollow.id].sort(),
    );
    // Each deletion shows on its case, once.
    const deletedEvents = await q<{ case_id: string; post_id: string }>(`SELECT case_id, data->>'postId' AS post_id FROM case_events WHERE type = 'post_deleted' ORDER BY id`);
    expect(deletedEvents.map((e) => e.post_id).sort()).toEqual([(await postRow(xOpener.id)).id, (await postRow(xFollow.id)).id, (await postRow(fbFollow.id)).id].sort());
    const fbCase = await api('GET', `/api/cases/${(await postRow(fbPost.id)).case_id}`, token);
    expect((fbCase.body.thread as Array<{ text: string; deleted: boolean }>).find((p) => p.text === 'hari ini banjir lagi')!.deleted).toBe(true);

    // Every account still ingests, and nothing was duplicated.
    x.addTweet({ text: '@pemkabsinjai jembatan Tondong retak' });
    fb.addVisitorPost({ text: 'pohon tumbang di jalan Poros Malino', author: { id: '7300000000400' } });
    await eventually(async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE case_id IS NOT NULL`))[0].n, (n) => n >= 9, 30_000, 250);
    expect((await q<{ n: number; d: number }>(`SELECT count(*)::int AS n, count(DISTINCT (account_id, external_id))::int AS d FROM posts`))[0]).toEqual({ n: 9, d: 9 });
    const health = await q<{ health_state: string }>(`SELECT health_state FROM connector_accounts`);
    expect(health.map((h) => h.health_state)).toEqual(['ok', 'ok']);

    proc!.child.kill('SIGTERM');
    expect((await proc!.exited).code).toBe(0);
    proc = undefined;
  }, 150_000);
});
