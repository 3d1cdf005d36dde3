import { DataSource } from 'typeorm';
import { createCase } from '../factories/case.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

describe('e2e: the case workflow, conflicts and the audit trail', () => {
  let t: TestApp;
  let op: string;
  let dpupr: string;

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.tokenFor('operator');
    dpupr = await t.tokenFor('opd', ['DPUPR']);
  });
  afterAll(() => t.close());

  const post = (path: string, token: string, body: object) => t.http().post(path).set('authorization', `Bearer ${token}`).send(body);
  const get = async (id: string) => (await t.http().get(`/api/cases/${id}`).set('authorization', `Bearer ${op}`).expect(200)).body;

  it('should walk didisposisikan → diproses → menunggu_validasi → selesai, each step audited with before/after', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR' });
    let v = (await post(`/api/cases/${c.id}/accept`, dpupr, { version: c.version }).expect(200)).body;
    expect(v.status).toBe('diproses');
    v = (await post(`/api/cases/${c.id}/finish`, dpupr, { version: v.version, summary: 'Lubang sudah ditambal tim UPTD hari ini.' }).expect(200)).body;
    expect(v.status).toBe('menunggu_validasi');
    await post(`/api/cases/${c.id}/validate`, dpupr, { version: v.version }).expect(403); // OPD cannot validate its own answer
    v = (await post(`/api/cases/${c.id}/validate`, op, { version: v.version }).expect(200)).body;
    expect(v.status).toBe('selesai');
    const audit = (await t.http().get(`/api/cases/${c.id}/audit`).set('authorization', `Bearer ${await t.tokenFor('admin')}`).expect(200)).body.items;
    expect(audit.map((e: { type: string }) => e.type)).toEqual(['accepted', 'finished', 'validated']);
    expect(audit[0].data.before.status).toBe('didisposisikan');
    expect(audit[0].data.after.status).toBe('diproses');
    expect(audit[1].data.summary).toMatch(/ditambal/);
    expect(audit[2].actor).toMatch(/^operator-/);
  });

  it('should serialize the deadline, its state and the helping OPDs in the case view and the list', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR' });
    expect(c.dueAt).not.toBeNull();
    const view = await get(c.id);
    expect(view.dueAt).toBe(c.dueAt!.toISOString());
    expect(view.slaState).toBe('ok');
    expect(view.collaborators).toEqual([]);
    await post(`/api/cases/${c.id}/help`, dpupr, { opdCode: 'PDAM', note: 'pipa bocor di bawah jalan' }).expect(200);
    expect((await get(c.id)).collaborators).toEqual(['PDAM']);
    const listed = (await t.http().get('/api/cases?sort=deadline&limit=100').set('authorization', `Bearer ${op}`).expect(200)).body.items.find((x: { id: string }) => x.id === c.id);
    expect([listed.dueAt, listed.slaState, listed.collaborators]).toEqual([c.dueAt!.toISOString(), 'ok', ['PDAM']]);
  });

  it('should merge by tracking number (what users see), and explain a refused step in Indonesian', async () => {
    const a = await createCase(t.app, { opdCode: 'DPUPR' });
    const b = await createCase(t.app, { opdCode: 'DPUPR' });
    const target = (await post(`/api/cases/${b.id}/merge`, op, { version: b.version, intoTrackingNumber: a.trackingNumber.toLowerCase() }).expect(200)).body;
    expect(target.id).toBe(a.id);
    await post(`/api/cases/${a.id}/merge`, op, { version: (await get(a.id)).version, intoTrackingNumber: a.trackingNumber }).expect(422);
    await post(`/api/cases/${a.id}/merge`, op, { version: 999, intoTrackingNumber: 'SW-1999-000001' }).expect(409); // a stale version is the first answer
    const missing = await post(`/api/cases/${a.id}/merge`, op, { version: (await get(a.id)).version }).expect(400);
    expect(missing.body.message).toContain('intoTrackingNumber must be a tracking number such as SW-2026-000083');
    const refused = await post(`/api/cases/${b.id}/accept`, op, { version: (await get(b.id)).version }).expect(409);
    expect(refused.body.message).toBe('Tindakan "Terima" tidak bisa dilakukan pada kasus berstatus Ditolak');
  });

  it('should send an unconvincing answer back to the OPD', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR', status: 'menunggu_validasi' });
    const v = (await post(`/api/cases/${c.id}/return`, op, { version: c.version, reason: 'Foto bukti belum ada' }).expect(200)).body;
    expect(v.status).toBe('diproses');
  });

  it.each([
    ['accept', 'diproses', {}],
    ['accept', 'selesai', {}],
    ['finish', 'perlu_ditinjau', { summary: 'sudah selesai semua' }],
    ['validate', 'diproses', {}],
    ['return', 'didisposisikan', { reason: 'belum lengkap' }],
    ['reroute', 'selesai', { opdCode: 'DLH', reason: 'salah alamat' }],
    ['reject', 'ditolak', { reason: 'spam' }],
  ] as const)('should refuse %s from %s with 409 and change nothing', async (action, status, extra) => {
    const c = await createCase(t.app, { opdCode: 'DPUPR', status });
    const res = await post(`/api/cases/${c.id}/${action}`, op, { version: c.version, ...extra }).expect(409);
    expect(res.body.error).toBe('invalid_transition');
    const after = await get(c.id);
    expect(after.status).toBe(status);
    expect(after.version).toBe(c.version);
  });

  it('should give the second of two simultaneous actions a conflict, overwriting nothing', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR' });
    const [a, b] = await Promise.all([
      post(`/api/cases/${c.id}/reroute`, op, { version: c.version, opdCode: 'DLH', reason: 'pohon tumbang, urusan DLH' }),
      post(`/api/cases/${c.id}/reroute`, op, { version: c.version, opdCode: 'BPBD', reason: 'longsor, urusan BPBD' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error).toBe('conflict');
    expect(loser.body.details.currentVersion).toBe(c.version + 1);
    const winner = (a.status === 200 ? a : b).body;
    expect((await get(c.id)).opd.code).toBe(winner.opd.code);
    const events = (await get(c.id)).events.filter((e: { type: string }) => e.type === 'rerouted');
    expect(events).toHaveLength(1);
  });

  it('should re-route with a reason, keep the correction for training, and move the case to the new inbox', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR', text: 'pohon besar tumbang menutup jalan' });
    const v = (await post(`/api/cases/${c.id}/reroute`, op, { version: c.version, opdCode: 'DLH', reason: 'pohon tumbang adalah urusan DLH' }).expect(200)).body;
    expect(v.opd.code).toBe('DLH');
    expect(v.status).toBe('didisposisikan');
    await t.http().get(`/api/cases/${c.id}`).set('authorization', `Bearer ${dpupr}`).expect(404);
    const dlh = await t.tokenFor('opd', ['DLH']);
    await t.http().get(`/api/cases/${c.id}`).set('authorization', `Bearer ${dlh}`).expect(200);
    const [corr] = await t.get(DataSource).query(`SELECT opd_code, text FROM classification_corrections WHERE case_id = $1`, [c.id]);
    expect(corr).toEqual({ opd_code: 'DLH', text: 'pohon besar tumbang menutup jalan' });
    await post(`/api/cases/${c.id}/reroute`, op, { version: v.version, opdCode: 'NOPE', reason: 'tidak ada' }).expect(422);
  });

  it('should let OPD staff only hand a case back as not their authority, which returns it to triage', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR' });
    await post(`/api/cases/${c.id}/reject`, dpupr, { version: c.version, reason: 'spam' }).expect(403);
    await post(`/api/cases/${c.id}/reject`, dpupr, { version: c.version, reason: 'bukan_kewenangan', note: 'jalan nasional' }).expect(200);
    const after = await get(c.id);
    expect(after.status).toBe('perlu_ditinjau');
    expect(after.opd.code).toBe('DISKOMINFO');
    const closed = await createCase(t.app, { opdCode: 'DPUPR' });
    const r = (await post(`/api/cases/${closed.id}/reject`, op, { version: closed.version, reason: 'duplikat' }).expect(200)).body;
    expect([r.status, r.statusReason]).toEqual(['ditolak', 'duplikat']);
    await post(`/api/cases/${closed.id}/reject`, op, { version: r.version, reason: 'halo' }).expect(400);
  });

  it('should merge a duplicate into another case, moving its posts', async () => {
    const a = await createCase(t.app, { opdCode: 'PDAM', text: 'air mati di Lappa' });
    const b = await createCase(t.app, { opdCode: 'PDAM', text: 'air mati juga di Lappa' });
    const target = (await post(`/api/cases/${b.id}/merge`, op, { version: b.version, intoCaseId: a.id }).expect(200)).body;
    expect(target.id).toBe(a.id);
    expect(target.thread.map((p: { text: string }) => p.text).sort()).toEqual(['air mati di Lappa', 'air mati juga di Lappa']);
    const dup = await get(b.id);
    expect([dup.status, dup.statusReason]).toEqual(['ditolak', 'duplikat']);
  });

  it('should re-label, and re-open a machine-closed "not a report" into triage', async () => {
    const c = await createCase(t.app, { opdCode: null, status: 'ditolak', intent: 'other' });
    await t.get(DataSource).query(`UPDATE cases SET status_reason = 'bukan_laporan' WHERE id = $1`, [c.id]);
    const v = (await post(`/api/cases/${c.id}/relabel`, op, { version: c.version, intent: 'question' }).expect(200)).body;
    expect([v.intent, v.status]).toEqual(['question', 'perlu_ditinjau']);
    await post(`/api/cases/${c.id}/relabel`, op, { version: v.version }).expect(422);
  });

  it('should validate bodies and reject unknown fields with a clear 400', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR' });
    const res = await post(`/api/cases/${c.id}/accept`, op, { version: 'one', hack: true }).expect(400);
    expect(JSON.stringify(res.body.message)).toMatch(/version/);
    expect(JSON.stringify(res.body.message)).toMatch(/hack/);
    await post(`/api/cases/abc/accept`, op, { version: 1 }).expect(404);
  });
});
