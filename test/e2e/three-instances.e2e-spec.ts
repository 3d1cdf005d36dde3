import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { InstagramFake } from '../../src/fakes/instagram.fake.js';
import { TikTokFake } from '../../src/fakes/tiktok.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { testEnv } from '../factories/config.factory.js';
import { spawnService, waitForPort, type ServiceProcess } from '../factories/service-process.js';
import { eventually } from '../factories/socket.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

// Three real service processes on one PostgreSQL, as `docker compose up --scale app=3` runs them,
// polling four accounts on four fake platforms. One is killed with SIGKILL in the middle of
// ingesting; the other two take its accounts over once its leases lapse, and every item the
// platforms hold ends up as exactly one post in exactly one case.
describe('e2e: three instances on one database, one killed mid-ingest', () => {
  const x = new XFake({ maxPageSize: 4 });
  const fb = new FacebookFake({ maxPageSize: 4 });
  const ig = new InstagramFake({ maxPageSize: 4 });
  const tt = new TikTokFake({ maxPageSize: 4 });
  const fakes = [x, fb, ig, tt];
  const PER_PLATFORM = 20;
  const HTTP_TIMEOUT_MS = 1000; // lease = max(5 s, 3 × timeout) = 5 s
  const LEASE_MS = 5000;
  let db: TestDatabase;
  let client: pg.Client;
  let procs: ServiceProcess[] = [];
  let configDir: string;
  let media: string;
  let item = 0;

  const env = (): Record<string, string | undefined> =>
    testEnv({
      DATABASE_URL: db.url,
      CONFIG_DIR: configDir,
      PORT: '0',
      HOST: '127.0.0.1',
      POLL_SCHEDULER_ENABLED: 'true',
      POLL_TICK_MS: '200',
      CONNECTOR_HTTP_TIMEOUT_MS: String(HTTP_TIMEOUT_MS),
      SOCKET_IO_ADAPTER: 'postgres',
      // Three instances creating the first admin at once on an empty database.
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'admin-password-123',
      X_BASE_URL: x.baseUrl,
      X_BEARER_TOKEN: 'x-app-token',
      X_USER_ID: x.accountUserId,
      X_HANDLE: 'pemkabsinjai',
      X_POLL_INTERVAL_SEC: '5',
      FACEBOOK_BASE_URL: fb.baseUrl,
      INSTAGRAM_BASE_URL: ig.baseUrl,
      TIKTOK_BASE_URL: tt.apiBaseUrl,
      SW_FB_TOKEN: 'fb-page-token',
      SW_IG_TOKEN: 'ig-token',
      SW_TT_TOKEN: 'tt-access-token',
      LOG_LEVEL: 'warn',
      LOG_TOTALS_INTERVAL_SEC: '0',
    });

  /** One more citizen post on each platform, each by a new author (so none joins another's case). */
  function deliver(n: number): void {
    for (let i = 0; i < n; i++, item++) {
      x.addTweet({ text: `@pemkabsinjai jalan rusak di dusun ${item}, mohon diperbaiki`, author: { username: `wargax${item}`, name: `Warga X ${item}` } });
      fb.addVisitorPost({ text: `lampu jalan mati di lorong ${item}`, author: { name: `Warga FB ${item}` } });
      ig.addComment({ mediaId: media, text: `sampah menumpuk di TPS nomor ${item}`, author: { username: `warga.ig${item}` } });
      tt.addComment({ text: `jembatan retak di desa nomor ${item}`, username: `wargatt${item}` });
    }
  }

  const counts = async (): Promise<{ posts: number; distinct: number; withCase: number; cases: number; pending: number }> =>
    (
      await client.query(
        `SELECT (SELECT count(*) FROM posts)::int AS posts,
                (SELECT count(DISTINCT (platform, external_id)) FROM posts)::int AS distinct,
                (SELECT count(*) FROM posts WHERE case_id IS NOT NULL)::int AS "withCase",
                (SELECT count(*) FROM cases)::int AS cases,
                (SELECT count(*) FROM posts WHERE processing_state = 'pending')::int AS pending`,
      )
    ).rows[0];
  const leases = async (): Promise<Array<{ handle: string; platform: string; owner: string | null; polled: Date | null }>> =>
    (await client.query(`SELECT handle, platform::text, lock_owner AS owner, last_polled_at AS polled FROM connector_accounts WHERE locked_until > now()`)).rows;
  const pidOf = (owner: string | null): number => Number((owner ?? '').split('-')[0]);

  beforeAll(async () => {
    await Promise.all(fakes.map((f) => f.start()));
    for (const f of fakes) f.latencyMs = 15; // slow enough pages that a kill lands mid-ingest
    media = ig.addMedia({ caption: 'Kegiatan pemkab' }).id;
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    configDir = mkdtempSync(join(tmpdir(), 'sw-config-'));
    cpSync('config', configDir, { recursive: true });
    writeFileSync(
      join(configDir, 'accounts.json'),
      JSON.stringify({
        accounts: [
          { platform: 'facebook', externalAccountId: fb.pageId, handle: 'Pemkab Sinjai', pollIntervalSec: 5, credentialsFromEnv: { pageAccessToken: 'SW_FB_TOKEN' } },
          { platform: 'instagram', externalAccountId: ig.igUserId, handle: 'pemkabsinjai', pollIntervalSec: 5, credentialsFromEnv: { accessToken: 'SW_IG_TOKEN' } },
          { platform: 'tiktok', externalAccountId: tt.businessId, handle: 'pemkabsinjai', pollIntervalSec: 5, credentialsFromEnv: { accessToken: 'SW_TT_TOKEN' } },
        ],
      }),
    );
  });
  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    await client?.end();
    await db?.drop();
    await Promise.all(fakes.map((f) => f.stop()));
  });

  it('should lose and duplicate nothing, and hand the killed instance’s accounts to the others within a lease', async () => {
    deliver(PER_PLATFORM);
    procs = [spawnService(env()), spawnService(env()), spawnService(env())];
    await Promise.all(procs.map((p) => waitForPort(p, 60_000)));

    // Mid-ingest: some posts stored, an instance holding at least one account's lease.
    const held = await eventually(leases, (l) => l.length > 0, 30_000, 20);
    await eventually(counts, (c) => c.posts >= 8, 30_000, 20);
    const victimPid = pidOf(held[0].owner);
    const victim = procs.find((p) => p.child.pid === victimPid)!;
    expect(victim).toBeDefined();
    const orphaned = (await leases()).filter((l) => pidOf(l.owner) === victimPid).map((l) => `${l.platform}:${l.handle}`);
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    const atKill = await counts();
    expect(atKill.posts).toBeLessThan(PER_PLATFORM * 4); // really mid-ingest

    // More posts arrive after the kill; the survivors take them in too.
    deliver(5);
    const total = item * 4;
    const survivors = procs.filter((p) => p !== victim).map((p) => p.child.pid);
    const takenOver = await eventually(
      async () =>
        (await client.query<{ key: string; owner: string | null; polled: Date | null }>(`SELECT platform::text || ':' || handle AS key, lock_owner AS owner, last_polled_at AS polled FROM connector_accounts`)).rows.filter(
          (a) => orphaned.includes(a.key) && ((a.owner && survivors.includes(pidOf(a.owner))) || (a.polled && a.polled.getTime() > killedAt)),
        ),
      (rows) => rows.length === orphaned.length,
      LEASE_MS + 10_000,
      50,
    );
    expect(takenOver.length).toBe(orphaned.length);

    const done = await eventually(counts, (c) => c.posts >= total && c.pending === 0 && c.withCase >= total, 45_000, 200);
    await new Promise((r) => setTimeout(r, 500)); // nothing more trickles in
    expect(await counts()).toEqual({ posts: total, distinct: total, withCase: total, cases: total, pending: 0 });
    expect(done.posts).toBe(total);

    // The survivors are still healthy and ready.
    for (const p of procs.filter((q) => q !== victim)) {
      const port = await waitForPort(p);
      expect((await fetch(`http://127.0.0.1:${port}/api/health/ready`)).status).toBe(200);
    }
    const [{ n: admins }] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`)).rows;
    expect(admins).toBe(1);
  }, 120_000);
});
