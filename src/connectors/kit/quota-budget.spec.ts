import { decide, MemoryQuotaLedger, QuotaBudget, quotaDay, type QuotaPolicy } from './quota-budget.js';

const LA = 'America/Los_Angeles';
const policy: QuotaPolicy = { dailyUnits: 10_000, replyReserve: 1_000, headStartMs: 3_600_000, timeZone: LA };

describe('quota day and budget (YouTube quota, §8.5)', () => {
  it('should reset at midnight Pacific time: 08:00 UTC in winter, 07:00 UTC in summer', () => {
    expect(quotaDay(new Date('2026-01-15T12:00:00Z'), LA)).toEqual({ day: '2026-01-15', start: new Date('2026-01-15T08:00:00Z'), end: new Date('2026-01-16T08:00:00Z') });
    expect(quotaDay(new Date('2026-07-01T06:59:59Z'), LA).day).toBe('2026-06-30');
    expect(quotaDay(new Date('2026-07-01T07:00:00Z'), LA)).toMatchObject({ day: '2026-07-01', end: new Date('2026-07-02T07:00:00Z') });
  });

  it('should know the 23-hour and 25-hour days of the DST changes', () => {
    const spring = quotaDay(new Date('2026-03-08T20:00:00Z'), LA);
    expect([spring.start.toISOString(), spring.end.toISOString()]).toEqual(['2026-03-08T08:00:00.000Z', '2026-03-09T07:00:00.000Z']);
    const autumn = quotaDay(new Date('2026-11-01T20:00:00Z'), LA);
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('should spread reads over the day so they never run dry by noon', () => {
    const day = quotaDay(new Date('2026-01-15T12:00:00Z'), LA);
    const at = (h: number): Date => new Date(day.start.getTime() + h * 3_600_000);
    // At 06:00 Pacific, reads may have spent (6 + 1 head start) / 24 of the 9,000 read units.
    expect(decide('read', 2600, 1, policy, at(6))).toEqual({ ok: true });
    const paced = decide('read', 2625, 1, policy, at(6));
    expect(paced.ok).toBe(false);
    if (!paced.ok) {
      expect(paced.retryAt.getTime()).toBeGreaterThan(at(6).getTime());
      expect(paced.retryAt.getTime()).toBeLessThan(at(6.1).getTime());
    }
    // By noon at most about half the reads are gone: the afternoon keeps its share.
    let spent = 0;
    for (let m = 0; m < 12 * 60; m++) while (decide('read', spent, 5, policy, new Date(at(0).getTime() + m * 60_000)).ok) spent += 5;
    expect(spent).toBeLessThanOrEqual(9000 * (13 / 24) + 5);
    expect(spent).toBeGreaterThan(9000 * (12 / 24));
  });

  it('should keep the reply reserve out of reach of reads, and let replies use it', () => {
    const late = new Date(quotaDay(new Date('2026-01-15T12:00:00Z'), LA).end.getTime() - 60_000);
    const r = decide('read', 9000, 1, policy, late);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.retryAt).toEqual(new Date('2026-01-16T08:00:00Z'));
    expect(decide('write', 9000, 50, policy, late)).toEqual({ ok: true });
    expect(decide('write', 9960, 50, policy, late).ok).toBe(false);
  });

  it('should charge the ledger only for calls it allows, and count an exhausted day as spent', async () => {
    const ledger = new MemoryQuotaLedger();
    let now = new Date('2026-01-15T20:00:00Z');
    const budget = new QuotaBudget(ledger, 'youtube:default', policy, () => now);
    expect(await budget.take('read', 5)).toEqual({ ok: true });
    expect((await budget.snapshot()).spent).toBe(5);
    expect(await budget.exhausted()).toEqual(new Date('2026-01-16T08:00:00Z'));
    expect((await budget.take('write', 50)).ok).toBe(false);
    expect((await budget.snapshot()).spent).toBe(10_000);
    now = new Date('2026-01-16T08:00:01Z'); // a new Pacific day
    expect(await budget.take('write', 50)).toEqual({ ok: true });
    expect((await budget.snapshot()).spent).toBe(50);
  });
});
