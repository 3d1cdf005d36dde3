import { DataSource } from 'typeorm';
import type { NormalizedItem } from '../../src/connectors/connector.interface.js';
import { WhatsAppFake } from '../../src/fakes/whatsapp.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { IngestionService } from '../../src/ingestion/ingestion.service.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 12 §1 and §4: an item that cannot be stored is quarantined and the account goes on; an
// ordered webhook drain retries it in order up to WEBHOOK_DRAIN_MAX_ATTEMPTS; staff see it, retry
// it ("coba lagi") or dismiss it ("abaikan"), audited; a re-read that would change a stored post's
// author or creation time is refused and quarantined.

// A database error on one row, injected in the real PostgreSQL: any post whose text holds RACUN.
const POISON = `
  CREATE OR REPLACE FUNCTION test_poison() RETURNS trigger AS $$
  BEGIN
    IF NEW.text LIKE '%RACUN%' THEN RAISE EXCEPTION 'poisoned row %', NEW.external_id; END IF;
    RETURN NEW;
  END $$ LANGUAGE plpgsql;
  DROP TRIGGER IF EXISTS test_poison ON posts;
  CREATE TRIGGER test_poison BEFORE INSERT OR UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION test_poison();`;
const CURE = `DROP TRIGGER IF EXISTS test_poison ON posts`;

interface QuarantineView {
  id: string;
  externalId: string | null;
  stage: string;
  state: string;
  attempts: number;
  error: string;
  retried?: boolean;
}

describe('quarantine (real PostgreSQL, fake X and WhatsApp)', () => {
  const x = new XFake();
  const wa = new WhatsAppFake();
  let t: TestApp;
  let ds: DataSource;
  let operator: string;

  beforeAll(async () => {
    await Promise.all([x.start(), wa.start()]);
    t = await startTestApp({
      X_BASE_URL: x.baseUrl,
      WHATSAPP_BASE_URL: wa.baseUrl,
      META_APP_SECRET: wa.appSecret,
      WEBHOOK_DRAIN_MAX_ATTEMPTS: '3',
      POLL_BACKOFF_BASE_MS: '1',
      POLL_BACKOFF_MAX_MS: '1',
    });
    ds = t.get(DataSource);
    wa.webhookUrl = `${t.url}/api/webhooks/whatsapp`;
    operator = await t.tokenFor('operator');
  });
  afterAll(async () => {
    await ds?.query(CURE);
    await t?.close();
    await Promise.all([x.stop(), wa.stop()]);
  });

  const api = () => t.http();
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const list = async (query = ''): Promise<QuarantineView[]> => (await api().get(`/api/quarantine${query}`).set(auth(operator)).expect(200)).body.items as QuarantineView[];
  const audit = async (): Promise<Array<{ action: string; target_id: string; data: Record<string, unknown> }>> =>
    ds.query(`SELECT action, target_id, data FROM audit_log WHERE target_type = 'quarantined_item' ORDER BY id`);
  const countsOf = async (accountId: string): Promise<{ health: number; accounts: number }> => {
    const health = (await api().get('/api/health').set(auth(operator))).body as { connectors: Array<{ id: string; quarantined: number }> };
    const accounts = (await api().get('/api/accounts').set(auth(operator)).expect(200)).body as { items: Array<{ id: string; quarantined: number }> };
    return { health: health.connectors.find((c) => c.id === accountId)!.quarantined, accounts: accounts.items.find((a) => a.id === accountId)!.quarantined };
  };

  it('should quarantine a tweet whose row fails, store the rest of the page, move the cursor, and take it in on "coba lagi"', async () => {
    await ds.query(POISON);
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId });
    const first = x.addTweet({ text: '@pemkabsinjai jalan rusak di Lappa' });
    const bad = x.addTweet({ text: '@pemkabsinjai RACUN air PDAM keruh' });
    const last = x.addTweet({ text: '@pemkabsinjai lampu jalan mati' });
    await pollNow(t.app, acc.id);

    const stored = (await ds.query(`SELECT external_id FROM posts WHERE account_id = $1 ORDER BY external_id`, [acc.id])).map((r: { external_id: string }) => r.external_id);
    expect(stored).toEqual([first.id, last.id]);
    const after = await reloadAccount(t.app, acc.id);
    expect(after.healthState).toBe('ok');
    expect(JSON.parse(after.cursor!).streams.mentions.sinceId).toBe(last.id);
    const [q] = await list(`?accountId=${acc.id}`);
    expect(q).toEqual(expect.objectContaining({ externalId: bad.id, stage: 'store', state: 'open', attempts: 1, error: expect.stringMatching(/poisoned row/) }));
    expect(await countsOf(acc.id)).toEqual({ health: 1, accounts: 1 });

    // Only Diskominfo sees and acts on quarantined items.
    const opd = await t.tokenFor('opd', ['DPUPR']);
    await api().get('/api/quarantine').set(auth(opd)).expect(403);
    await api().post(`/api/quarantine/${q.id}/retry`).set(auth(opd)).expect(403);
    await api().get('/api/quarantine?state=bogus').set(auth(operator)).expect(400);

    // Still poisoned: the retry fails, says why, counts the attempt, and is audited.
    const failed = (await api().post(`/api/quarantine/${q.id}/retry`).set(auth(operator)).expect(200)).body as QuarantineView;
    expect(failed).toEqual(expect.objectContaining({ retried: false, state: 'open', attempts: 2 }));
    await ds.query(CURE);
    const ok = (await api().post(`/api/quarantine/${q.id}/retry`).set(auth(operator)).expect(200)).body as QuarantineView;
    expect(ok).toEqual(expect.objectContaining({ retried: true, state: 'resolved' }));
    // The whole row answers, dates included (they were missing on rows read FOR UPDATE).
    for (const v of [failed, ok]) expect(v).toEqual(expect.objectContaining({ createdAt: expect.any(String), updatedAt: expect.any(String) }));
    const [post] = await ds.query(`SELECT text, case_id FROM posts WHERE external_id = $1`, [bad.id]);
    expect(post.text).toBe('@pemkabsinjai RACUN air PDAM keruh');
    expect(post.case_id).not.toBeNull();
    expect((await audit()).map((a) => [a.action, a.target_id, a.data.result])).toEqual([
      ['quarantine.retry', q.id, 'failed'],
      ['quarantine.retry', q.id, 'resolved'],
    ]);
    expect(await countsOf(acc.id)).toEqual({ health: 0, accounts: 0 });
    await api().post(`/api/quarantine/${q.id}/retry`).set(auth(operator)).expect(409);
    await api().post(`/api/quarantine/999999/dismiss`).set(auth(operator)).expect(404);
  });

  it('should retry a WhatsApp event in order up to WEBHOOK_DRAIN_MAX_ATTEMPTS, then quarantine it and drain the rest', async () => {
    await ds.query(POISON);
    const acc = await createAccount(t.app, { platform: 'whatsapp', externalAccountId: wa.phoneNumberId, handle: wa.displayNumber, credentials: { accessToken: 'wa-token' } });
    const send = (id: string, text: string): Promise<number> => wa.deliver(wa.messagePayload({ id, text, from: '6281255550009' }));
    expect(await send('wamid.a', 'air mati sejak pagi')).toBe(200);
    expect(await send('wamid.poison', 'RACUN di sumur')).toBe(200);
    expect(await send('wamid.b', 'masih mati sampai sore')).toBe(200);
    const stored = async (): Promise<string[]> =>
      (await ds.query(`SELECT external_id FROM posts WHERE account_id = $1 ORDER BY id`, [acc.id])).map((r: { external_id: string }) => r.external_id);

    // Attempts 1 and 2: the drain stops before the poisoned event (order is kept) and backs off.
    for (const attempt of [1, 2]) {
      await pollNow(t.app, acc.id);
      expect(await stored()).toEqual(['wamid.a']);
      const [q] = await list(`?accountId=${acc.id}&state=retrying`);
      expect(q).toEqual(expect.objectContaining({ externalId: 'wamid.poison', state: 'retrying', attempts: attempt }));
      const a = await reloadAccount(t.app, acc.id);
      expect(a.healthState).toBe('degraded');
      expect(a.healthDetail).toMatch(new RegExp(`attempt ${attempt} of 3`));
      expect(await countsOf(acc.id)).toEqual({ health: 0, accounts: 0 });
    }
    // Attempt 3: set aside, and the drain goes on in order.
    await pollNow(t.app, acc.id);
    expect(await stored()).toEqual(['wamid.a', 'wamid.b']);
    expect((await reloadAccount(t.app, acc.id)).healthState).toBe('ok');
    const [q] = await list(`?accountId=${acc.id}`);
    expect(q).toEqual(expect.objectContaining({ externalId: 'wamid.poison', state: 'open', attempts: 3 }));
    // WhatsApp is confidential: the raw message is withheld from the list.
    expect(JSON.stringify(q)).not.toMatch(/sumur/);
    expect(await countsOf(acc.id)).toEqual({ health: 1, accounts: 1 });

    // "Abaikan": set aside for good, audited, no longer counted; a restart's re-read keeps it dismissed.
    const dismissed = (await api().post(`/api/quarantine/${q.id}/dismiss`).set(auth(operator)).expect(200)).body as QuarantineView;
    expect(dismissed.state).toBe('dismissed');
    expect(dismissed).toEqual(expect.objectContaining({ createdAt: expect.any(String), updatedAt: expect.any(String) }));
    expect((await audit()).at(-1)).toEqual(expect.objectContaining({ action: 'quarantine.dismiss', target_id: q.id }));
    expect(await countsOf(acc.id)).toEqual({ health: 0, accounts: 0 });
    expect((await list(`?accountId=${acc.id}&state=all`)).map((r) => r.state)).toEqual(['dismissed']);
    await ds.query(CURE);
  });

  it('should refuse and quarantine a re-read that would change a stored post\'s author or creation time (§4)', async () => {
    const acc = await createAccount(t.app, { platform: 'x', externalAccountId: '1100000000000000777', handle: 'kedua' });
    const item = (over: Partial<NormalizedItem> & { author?: NormalizedItem['author'] }): NormalizedItem => ({
      platform: 'x',
      kind: 'mention',
      accountId: '1100000000000000777',
      externalId: '1893000000000999001',
      dedupeKey: 'x:1100000000000000777:1893000000000999001',
      text: 'jalan rusak di Tellulimpoe',
      createdAt: '2026-12-01T01:00:00.000Z',
      author: { platformUserId: '500', username: 'warga_asli' },
      replyTarget: { platform: 'x', accountId: '1100000000000000777', targetId: '1893000000000999001' },
      raw: {},
      ...over,
    });
    const ingestion = t.get(IngestionService);
    await ingestion.persistPage(acc.id, { items: [item({})], nextCursor: 'c1', hasMore: false });
    // An edit (same author and time) is applied; another author or time under the same id is not.
    const edit = await ingestion.persistPage(acc.id, { items: [item({ text: 'jalan rusak parah di Tellulimpoe' })], nextCursor: 'c2', hasMore: false });
    expect(edit).toEqual(expect.objectContaining({ updated: 1, quarantined: 0 }));
    const other = await ingestion.persistPage(acc.id, { items: [item({ text: 'teks lain', author: { platformUserId: '600', username: 'orang_lain' } })], nextCursor: 'c3', hasMore: false });
    expect(other).toEqual(expect.objectContaining({ inserted: 0, updated: 0, quarantined: 1 }));
    const later = await ingestion.persistPage(acc.id, { items: [item({ text: 'teks lain', createdAt: '2026-12-07T01:00:00.000Z' })], nextCursor: 'c4', hasMore: false });
    expect(later).toEqual(expect.objectContaining({ inserted: 0, updated: 0, quarantined: 1 }));
    // A stand-in time (the platform gave none) is not an identity to defend.
    const standIn = await ingestion.persistPage(acc.id, { items: [item({ text: 'jalan rusak parah di Tellulimpoe', createdAt: new Date().toISOString(), approximateTime: true })], nextCursor: 'c5', hasMore: false });
    expect(standIn.quarantined).toBe(0);

    const [post] = await ds.query(`SELECT text, author_id, posted_at FROM posts WHERE account_id = $1`, [acc.id]);
    expect(post).toEqual({ text: 'jalan rusak parah di Tellulimpoe', author_id: '500', posted_at: new Date('2026-12-01T01:00:00.000Z') });
    const [q] = await list(`?accountId=${acc.id}`);
    expect(q).toEqual(expect.objectContaining({ externalId: '1893000000000999001', stage: 'identity', state: 'open', attempts: 2, error: expect.stringMatching(/created 2026-12-01T01:00:00.000Z → 2026-12-07/) }));
    expect((await reloadAccount(t.app, acc.id)).cursor).toBe('c5');
  });
});
