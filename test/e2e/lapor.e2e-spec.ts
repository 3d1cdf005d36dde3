import { DataSource } from 'typeorm';
import { CaseIntakeService } from '../../src/cases/case-intake.service.js';
import { ConnectorAccount } from '../../src/connectors/connector-account.entity.js';
import { LaporFake } from '../../src/fakes/lapor.fake.js';
import { LaporForwardSender } from '../../src/integration/lapor/lapor-forward.sender.js';
import { LaporService } from '../../src/integration/lapor/lapor.service.js';
import { OutboxRepository } from '../../src/integration/outbox.repository.js';
import { OutboxWorker } from '../../src/integration/outbox.worker.js';
import { Post } from '../../src/posts/post.entity.js';
import { createCase } from '../factories/case.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// SP4N-LAPOR! forwarding through the outbox, against the fake LAPOR! server (src/fakes/lapor.fake.ts).
// Backoff waits are skipped by moving next_attempt_at to now: that is the passing of time, not a shortcut in the code.

describe('e2e: forwarding to SP4N-LAPOR!', () => {
  let t: TestApp;
  let lapor: LaporFake;
  let op: string;
  let admin: string;
  let ds: DataSource;

  beforeAll(async () => {
    lapor = new LaporFake();
    await lapor.start();
    t = await startTestApp({ LAPOR_BASE_URL: lapor.baseUrl, LAPOR_TOKEN: lapor.token, CONNECTOR_HTTP_TIMEOUT_MS: '800' });
    op = await t.tokenFor('operator');
    admin = await t.tokenFor('admin');
    ds = t.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await lapor.stop();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const mark = (id: string, body: object = {}) => t.http().post(`/api/cases/${id}/lapor`).set(auth(op)).send(body);
  const drain = () => t.get(OutboxWorker).drain();
  const timePasses = () => ds.query(`UPDATE outbox SET next_attempt_at = now() WHERE state = 'pending'`);
  const view = async (id: string) => (await t.http().get(`/api/cases/${id}`).set(auth(op)).expect(200)).body;
  const reportFor = (tracking: string) => [...lapor.reports.values()].find((r) => r.body.referensi === tracking);

  it('should forward a marked case once, with its flags as set and personal data masked, and show the LAPOR! id', async () => {
    const c = await createCase(t.app, { text: 'Jalan poros Sinjai–Bone rusak parah, NIK saya 7307011234560001, hp 081234567890', authorName: 'Andi Basri' });
    const res = await mark(c.id, { anonim: true }).expect(201);
    expect(res.body).toMatchObject({ anonim: true, rahasia: false });
    await mark(c.id).expect(409);
    expect(await drain()).toBe(1);
    const r = reportFor(c.trackingNumber)!;
    expect(r.body).toMatchObject({ anonim: true, rahasia: false, pelapor: null, klasifikasi: 'pengaduan', instansi: { kode: 'DPUPR' } });
    expect(r.body.isi).toContain('[NIK disamarkan]');
    expect(JSON.stringify(r.body)).not.toMatch(/Andi Basri|1234560001|34567890/);
    const v = await view(c.id);
    expect(v.lapor).toEqual({ trackingId: r.tracking_id, status: 'belum_terverifikasi' });
    expect(await drain()).toBe(0);
  });

  it('should keep a WhatsApp case rahasia by default, and send the name of a citizen who is not anonim', async () => {
    const account = await ds.getRepository(ConnectorAccount).save(ds.getRepository(ConnectorAccount).create({ platform: 'whatsapp', externalAccountId: 'wa-lapor', handle: '628110000', settings: {}, enabled: false }));
    await ds.getRepository(Post).save(
      ds.getRepository(Post).create({ platform: 'whatsapp', accountId: account.id, externalId: 'wamid.L1', dedupeKey: 'whatsapp:wa-lapor:L1', kind: 'direct_message', authorId: '6281299990000', authorName: 'Ibu Rahma', text: 'Pak, air PDAM di rumah kami mati sudah tiga hari di Kelurahan Biringere', postedAt: new Date(), replyTarget: {}, raw: {}, processingState: 'pending' }),
    );
    await t.get(CaseIntakeService).processPending();
    const [{ id, tracking_number }] = await ds.query<Array<{ id: string; tracking_number: string }>>(`SELECT c.id, c.tracking_number FROM cases c JOIN posts p ON p.id = c.post_id WHERE p.external_id = 'wamid.L1'`);
    expect((await view(id)).rahasia).toBe(true);
    await mark(id).expect(201);
    await drain();
    expect(reportFor(tracking_number)!.body).toMatchObject({ rahasia: true, anonim: false, pelapor: { nama: 'Ibu Rahma' }, saluran: 'WhatsApp' });
  });

  it('should not forward twice when the sender dies after LAPOR! accepted the report', async () => {
    const c = await createCase(t.app, { text: 'lampu jalan mati sepanjang jalan Persatuan' });
    await mark(c.id).expect(201);
    // A worker claims the row and sends; LAPOR! accepts; the worker dies before recording it.
    const [item] = await t.get(OutboxRepository).claim(['lapor.forward'], 10, 1);
    await t.get(LaporForwardSender).send(item);
    const before = lapor.reports.size;
    await new Promise((r) => setTimeout(r, 20)); // the 1 ms lease lapses
    expect(await drain()).toBe(1); // another worker takes the abandoned row
    expect(lapor.reports.size).toBe(before);
    const v = await view(c.id);
    expect(v.lapor.trackingId).toBe(reportFor(c.trackingNumber)!.tracking_id);
    const [row] = await ds.query<Array<{ state: string; attempts: number }>>(`SELECT state, attempts FROM outbox WHERE case_id = $1`, [c.id]);
    expect(row).toEqual({ state: 'sent', attempts: 2 });
  });

  it('should resend with the same key after a timeout whose outcome is unknown, still one report', async () => {
    const c = await createCase(t.app, { text: 'sampah menumpuk di pasar sentral' });
    await mark(c.id).expect(201);
    lapor.inject({ kind: 'lost_response', path: '/api/v1/laporan', method: 'POST' });
    await drain();
    const [row] = await ds.query<Array<{ state: string; last_error: string }>>(`SELECT state, last_error FROM outbox WHERE case_id = $1`, [c.id]);
    expect(row.state).toBe('pending');
    expect(row.last_error).toMatch(/ECONNABORTED|timeout/i);
    expect(reportFor(c.trackingNumber)).toBeDefined(); // LAPOR! did take it
    const before = lapor.reports.size;
    await timePasses();
    await drain();
    expect(lapor.reports.size).toBe(before);
    expect((await view(c.id)).lapor.trackingId).toBe(reportFor(c.trackingNumber)!.tracking_id);
  });

  it('should lose nothing in a 5-minute LAPOR! outage and send each case once when it is back', async () => {
    lapor.inject({ kind: 'server_error', path: '/api/v1/laporan', times: -1 });
    const cases: Array<{ id: string; trackingNumber: string }> = [];
    for (let i = 0; i < 3; i++) cases.push(await createCase(t.app, { text: `jembatan desa nomor ${i} retak` }));
    for (const c of cases) await mark(c.id).expect(201);
    // Attempts at 0 s, 30 s, 1 min 30 s, 3 min 30 s and 7 min 30 s: the outage outlasts four of them.
    for (let i = 0; i < 4; i++) {
      await drain();
      await timePasses();
    }
    const waiting = await t.http().get('/api/outbox?kind=lapor.forward&state=pending').set(auth(admin)).expect(200);
    expect(waiting.body.items.filter((o: { caseId: string }) => cases.some((c) => c.id === o.caseId))).toHaveLength(3);
    expect(waiting.body.items[0]).toMatchObject({ attempts: 4, lastStatus: 503, lastError: expect.stringMatching(/HTTP 503/) });
    const metrics = await t.http().get('/api/metrics').expect(200);
    expect(metrics.text).toContain('suarawarga_integration_outbox{kind="lapor.forward",state="pending"} 3');
    lapor.heal();
    await drain();
    for (const c of cases) expect((await view(c.id)).lapor.trackingId).toBe(reportFor(c.trackingNumber)!.tracking_id);
    expect(cases.map((c) => [...lapor.reports.values()].filter((r) => r.body.referensi === c.trackingNumber).length)).toEqual([1, 1, 1]);
  });

  it('should fail a refused report with its reason, and send it when an admin retries', async () => {
    const c = await createCase(t.app, { text: 'pungutan liar di kantor desa' });
    lapor.inject({ kind: 'server_error', status: 422, path: '/api/v1/laporan' });
    await mark(c.id).expect(201);
    await drain();
    const failed = (await t.http().get(`/api/outbox?state=failed&caseId=${c.id}`).set(auth(admin)).expect(200)).body.items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ state: 'failed', lastStatus: 422 });
    await t.http().post(`/api/outbox/${failed[0].id}/retry`).set(auth(op)).expect(403);
    await t.http().post(`/api/outbox/${failed[0].id}/retry`).set(auth(admin)).expect(200);
    await drain();
    expect((await view(c.id)).lapor.trackingId).toBe(reportFor(c.trackingNumber)!.tracking_id);
    const audit = await ds.query<Array<{ action: string }>>(`SELECT action FROM audit_log WHERE target_type = 'outbox' AND target_id = $1`, [failed[0].id]);
    expect(audit.map((a) => a.action)).toEqual(['outbox.retry']);
  });

  it('should bring LAPOR! status changes back to the case, and stop asking once final', async () => {
    const c = await createCase(t.app, { text: 'banjir di jalan masuk pasar' });
    await mark(c.id).expect(201);
    await drain();
    const tracking = (await view(c.id)).lapor.trackingId as string;
    lapor.setStatus(tracking, 'didisposisi');
    expect(await t.get(LaporService).sync()).toBeGreaterThanOrEqual(1);
    expect((await view(c.id)).lapor.status).toBe('didisposisi');
    lapor.setStatus(tracking, 'selesai', 'Drainase sudah dibersihkan.');
    await t.get(LaporService).sync();
    const v = await view(c.id);
    expect(v.lapor.status).toBe('selesai');
    const events = (await t.http().get(`/api/cases/${c.id}/audit`).set(auth(admin)).expect(200)).body.items as Array<{ type: string; data: { tindakLanjut?: string } }>;
    expect(events.filter((e) => e.type === 'lapor_status_changed').map((e) => e.data.tindakLanjut)).toEqual([null, 'Drainase sudah dibersihkan.']);
    const asked = lapor.requestsTo('/api/v1/laporan').filter((r) => r.method === 'GET' && r.query.tracking_id?.split(',').includes(tracking)).length;
    await t.get(LaporService).sync();
    expect(lapor.requestsTo('/api/v1/laporan').filter((r) => r.method === 'GET' && r.query.tracking_id?.split(',').includes(tracking)).length).toBe(asked);
  });

  it('should keep a case marked rahasia out of Open311, and refuse flags from an OPD', async () => {
    const c = await createCase(t.app, { text: 'dugaan pungli di puskesmas' });
    await t.http().get(`/open311/v2/requests/${c.trackingNumber}.json`).expect(200);
    await t.http().patch(`/api/cases/${c.id}/flags`).set(auth(await t.tokenFor('opd', ['DPUPR']))).send({ rahasia: true }).expect(403);
    await t.http().patch(`/api/cases/${c.id}/flags`).set(auth(op)).send({ rahasia: true }).expect(200);
    await t.http().get(`/open311/v2/requests/${c.trackingNumber}.json`).expect(404);
    await t.http().patch(`/api/cases/${c.id}/flags`).set(auth(op)).send({ rahasia: 'ya' }).expect(400);
  });

  it('should forward open cases overdue by more than LAPOR_AUTO_OVERDUE_DAYS on their own, once', async () => {
    const late = await createCase(t.app, { text: 'air bersih tidak mengalir sebulan' });
    const fresh = await createCase(t.app, { text: 'lampu taman mati' });
    const closed = await createCase(t.app, { text: 'jalan sudah diperbaiki', status: 'selesai' });
    await ds.query(`UPDATE cases SET due_at = now() - interval '10 days' WHERE id = ANY($1::bigint[])`, [[late.id, closed.id]]);
    expect(await t.get(LaporService).markOverdue()).toBe(0); // the rule is off by default
    t.config.integration.lapor.autoOverdueDays = 7;
    try {
      expect(await t.get(LaporService).markOverdue()).toBe(1);
      expect(await t.get(LaporService).markOverdue()).toBe(0);
    } finally {
      t.config.integration.lapor.autoOverdueDays = 0;
    }
    await drain();
    expect(reportFor(late.trackingNumber)).toBeDefined();
    expect(reportFor(fresh.trackingNumber)).toBeUndefined();
    expect(reportFor(closed.trackingNumber)).toBeUndefined();
    const events = (await t.http().get(`/api/cases/${late.id}/audit`).set(auth(admin)).expect(200)).body.items as Array<{ type: string; actor: string; data: { by?: string } }>;
    expect(events.find((e) => e.type === 'lapor_marked')).toMatchObject({ actor: 'system', data: { by: 'rule' } });
  });
});
