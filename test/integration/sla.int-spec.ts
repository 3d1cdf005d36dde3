import { DataSource } from 'typeorm';
import { Case } from '../../src/cases/case.entity.js';
import { Clock } from '../../src/common/clock.js';
import { SlaScheduler } from '../../src/sla/sla.scheduler.js';
import { createCase } from '../factories/case.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// WITA is UTC+8. 2026-08-17 (Monday) is Independence Day, a national holiday.
const wita = (local: string): Date => new Date(`${local}+08:00`);

describe('service levels in working days (WITA, weekend and holiday)', () => {
  let t: TestApp;
  let ds: DataSource;
  let now: Date;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.get(DataSource);
    t.get(Clock).now = () => now;
  });
  afterAll(() => t.close());

  const reload = async (id: string) => (await ds.getRepository(Case).findOneByOrFail({ id }));

  it('should give triage 3 working days across a weekend and a holiday', async () => {
    now = wita('2026-08-14T09:00:00');
    const c = await createCase(t.app, { status: 'perlu_ditinjau', opdCode: 'DISKOMINFO', createdAt: now });
    // Fri 14 → Sat, Sun skipped, Mon 17 holiday → Tue 18, Wed 19, Thu 20: end of Thursday WITA.
    expect(c.dueAt!.toISOString()).toBe(wita('2026-08-20T23:59:59.999').toISOString());
  });

  it('should give the OPD 5 working days from disposition, and stop the clock at its first reply', async () => {
    now = wita('2026-08-14T16:30:00');
    const c = await createCase(t.app, { status: 'didisposisikan', opdCode: 'DPUPR', createdAt: now });
    // 18, 19, 20, 21, 24 August.
    expect(c.dueAt!.toISOString()).toBe(wita('2026-08-24T23:59:59.999').toISOString());
  });

  it('should mark at risk, then overdue once (alert, audit event, escalation), and not repeat itself', async () => {
    now = wita('2026-08-14T09:00:00');
    const c = await createCase(t.app, { status: 'perlu_ditinjau', opdCode: 'DISKOMINFO', createdAt: now });
    const sla = t.get(SlaScheduler);

    now = wita('2026-08-19T10:00:00'); // more than one working day left
    await sla.check();
    expect((await reload(c.id)).slaState).toBe('ok');

    now = wita('2026-08-20T10:00:00'); // the last working day
    await sla.check();
    expect((await reload(c.id)).slaState).toBe('at_risk');

    now = wita('2026-08-21T00:30:00'); // past the end of Thursday WITA (still Thursday in UTC)
    await sla.check();
    await sla.check();
    const after = await reload(c.id);
    expect([after.slaState, after.escalated]).toEqual(['overdue', true]);
    const alerts = await ds.query(`SELECT type FROM alerts WHERE case_id = $1 ORDER BY id`, [c.id]);
    expect(alerts.map((a: { type: string }) => a.type)).toEqual(['sla_at_risk', 'sla_overdue']);
    const events = await ds.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`, [c.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['sla_at_risk', 'sla_overdue']);

    const token = await t.tokenFor('operator');
    const overdue = await t.http().get('/api/cases?overdue=true').set('authorization', `Bearer ${token}`).expect(200);
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('should close an answered case by itself 10 working days after the answer', async () => {
    now = wita('2026-08-03T09:00:00');
    const c = await createCase(t.app, { status: 'menunggu_validasi', opdCode: 'DPUPR', createdAt: now });
    // 4–7, 10–14 (9 days), Mon 17 holiday, Tue 18 → the 10th working day.
    expect(c.dueAt!.toISOString()).toBe(wita('2026-08-18T23:59:59.999').toISOString());
    now = wita('2026-08-18T20:00:00');
    await t.get(SlaScheduler).check();
    expect((await reload(c.id)).status).toBe('menunggu_validasi');
    now = wita('2026-08-19T08:00:00');
    await t.get(SlaScheduler).check();
    const closed = await reload(c.id);
    expect([closed.status, closed.closedAt?.toISOString()]).toEqual(['selesai', now.toISOString()]);
  });

  it('should queue the citizen’s finish notice when it closes a case by itself, where the account sends notices', async () => {
    now = wita('2026-08-03T09:00:00');
    const c = await createCase(t.app, { status: 'menunggu_validasi', opdCode: 'DPUPR', createdAt: now });
    const ds = t.get(DataSource);
    await ds.query(`UPDATE connector_accounts SET settings = '{"notices":{"enabled":true}}' WHERE id = (SELECT account_id FROM posts WHERE id = $1)`, [c.postId]);
    now = wita('2026-08-19T08:00:00');
    await t.get(SlaScheduler).check();
    expect((await reload(c.id)).status).toBe('selesai');
    expect(await ds.query(`SELECT kind, state, not_before FROM outbound_replies WHERE case_id = $1`, [c.id])).toEqual([{ kind: 'finish_notice', state: 'pending', not_before: now }]);
  });
});
