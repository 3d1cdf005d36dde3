import { DataSource } from 'typeorm';
import { CaseIntakeService } from '../../src/cases/case-intake.service.js';
import { ConnectorRegistry } from '../../src/connectors/connector.registry.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { MetricsCollector } from '../../src/health/metrics.collector.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { connectDashboard } from '../factories/socket.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

const TOKEN = 'metrics-token-0123456789';

/** Prometheus text → the value of the first sample of `name` whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

describe('e2e: health, readiness and Prometheus metrics', () => {
  const fake = new XFake();
  let t: TestApp;

  beforeAll(async () => {
    await fake.start();
    // Loopback is not in this allow-list, so only the token opens /api/metrics here.
    t = await startTestApp({ X_BASE_URL: fake.baseUrl, METRICS_TOKEN: TOKEN, METRICS_ALLOW: '10.9.8.0/24' });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  const scrape = async (): Promise<string> => {
    t.get(MetricsCollector).invalidate();
    const res = await t.http().get('/api/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('should say only up or down to the public, and give connector details to Diskominfo staff', async () => {
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    fake.addTweet({ text: '@pemkabsinjai jalan rusak di depan pasar' });
    await pollNow(t.app, acc.id);

    const pub = await t.http().get('/api/health').expect(200);
    expect(pub.body).toEqual({ status: 'up' });
    expect(JSON.stringify(pub.body)).not.toContain(acc.id);
    // OPD staff and the Sekda get the public answer too; a bad token is refused.
    expect((await t.http().get('/api/health').set('authorization', `Bearer ${await t.tokenFor('opd', ['DPUPR'])}`).expect(200)).body).toEqual({ status: 'up' });
    await t.http().get('/api/health').set('authorization', 'Bearer not-a-token').expect(401);

    const staff = await t.http().get('/api/health').set('authorization', `Bearer ${await t.tokenFor('operator')}`).expect(200);
    const mine = (staff.body.connectors as Array<{ id: string; handle: string; state: string; lagSec: number | null; quarantined: number }>).find((c) => c.id === acc.id);
    expect(mine).toMatchObject({ handle: 'pemkabsinjai', state: 'ok', quarantined: 0 });
    expect(mine!.lagSec).toEqual(expect.any(Number));
    expect(staff.body.database.status).toBe('up');

    expect((await t.http().get('/api/health/live').expect(200)).body.status).toBe('ok');
    const ready = await t.http().get('/api/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('should refuse /api/metrics without the token from an address outside METRICS_ALLOW', async () => {
    await t.http().get('/api/metrics').expect(403);
    await t.http().get('/api/metrics').set('authorization', 'Bearer wrong-token-0123456789').expect(401);
  });

  it('should move every metric as posts arrive and cases open', async () => {
    const acc = await reloadAccount(t.app, (await createAccount(t.app, { externalAccountId: fake.accountUserId })).id);
    const ds = t.get(DataSource);
    const labels = { platform: 'x', account_id: acc.id, handle: 'pemkabsinjai' };
    const before = await scrape();

    // Three posts through the fake and the whole pipeline, a dashboard client, one case read.
    const socket = await connectDashboard(t.url, await t.tokenFor('operator'));
    for (let i = 0; i < 3; i++) fake.addTweet({ text: `@pemkabsinjai lampu jalan mati di lorong ${i}, mohon diperbaiki` });
    await pollNow(t.app, acc.id);
    const [{ id: caseId }] = await ds.query(`SELECT c.id FROM cases c JOIN posts p ON p.id = c.post_id WHERE p.account_id = $1 ORDER BY c.id DESC LIMIT 1`, [acc.id]);
    await t.http().get(`/api/cases/${caseId}`).set('authorization', `Bearer ${await t.tokenFor('operator')}`).expect(200);
    // A case past its deadline, a reply waiting in the outbox, and a quarantined item.
    await ds.query(`UPDATE cases SET due_at = now() - interval '2 days', status = 'didisposisikan', opd_code = 'DPUPR' WHERE id = $1`, [caseId]);
    await ds.query(
      `INSERT INTO outbound_replies (case_id, post_id, account_id, idempotency_key, target, text) SELECT c.id, c.post_id, $2, 'metrics-test', '{}'::jsonb, 'Terima kasih' FROM cases c WHERE c.id = $1`,
      [caseId, acc.id],
    );
    await ds.query(
      `INSERT INTO quarantined_items (platform, account_id, external_id, dedupe_key, stage, error, raw) VALUES ('x', $1, '1', $2, 'map', 'metrics test', '{}')`,
      [acc.id, `${acc.id}:1`],
    );
    const after = await scrape();

    const moved = (name: string, l: Record<string, string> = {}): [number, number] => [sample(before, name, l) ?? 0, sample(after, name, l) ?? 0];
    expect(moved('suarawarga_items_fetched_total', labels)[1] - moved('suarawarga_items_fetched_total', labels)[0]).toBe(3);
    expect(moved('suarawarga_items_stored_total', { ...labels, result: 'inserted' })[1]).toBeGreaterThanOrEqual(3);
    expect(moved('suarawarga_cases_opened_total', { platform: 'x' })[1] - moved('suarawarga_cases_opened_total', { platform: 'x' })[0]).toBe(3);
    // The newest item is newer now (the account already had one post from the first test).
    const [lagBefore, lagAfter] = moved('suarawarga_account_lag_seconds', labels);
    expect(lagAfter).toBeLessThanOrEqual(lagBefore);
    expect(moved('suarawarga_account_quarantined_items', labels)).toEqual([0, 1]);
    expect(sample(after, 'suarawarga_account_state', { ...labels, state: 'ok' })).toBe(1);
    expect(moved('suarawarga_cases_overdue', { opd: 'DPUPR' })).toEqual([0, 1]);
    expect(moved('suarawarga_outbox_depth', { state: 'pending' })).toEqual([0, 1]);
    expect(moved('suarawarga_socket_clients')).toEqual([0, 1]);
    const total = (text: string): number => ['didisposisikan', 'perlu_ditinjau', 'ditolak'].reduce((n, s) => n + (sample(text, 'suarawarga_cases', { status: s }) ?? 0), 0);
    expect(total(after) - total(before)).toBe(3);
    // Latency by route template, never the raw URL with its id.
    expect(sample(after, 'suarawarga_http_request_duration_seconds_count', { method: 'GET', route: '/api/cases/:id', status: '200' })).toBe(1);
    expect(after).not.toContain(`route="/api/cases/${caseId}"`);
    expect(sample(after, 'suarawarga_database_up')).toBe(1);
    expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(after, 'nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));

    // The intake queue: a page stored but not yet turned into cases, then taken in.
    fake.addTweet({ text: '@pemkabsinjai sampah menumpuk di pasar sentral' });
    const connector = await t.get(ConnectorRegistry).forAccount(acc);
    const page = await connector.fetchSince((await reloadAccount(t.app, acc.id)).cursor);
    await t.get(IngestionService).persistPage(acc.id, page);
    expect(sample(await scrape(), 'suarawarga_intake_queue_depth')).toBe(1);
    await t.get(CaseIntakeService).processPending();
    expect(sample(await scrape(), 'suarawarga_intake_queue_depth')).toBe(0);
    socket.socket.disconnect();
  });
});
