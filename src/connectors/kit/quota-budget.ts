// A daily quota spread over the day (YouTube Data API, platform-apis.md §8.5): every call is
// charged to a ledger before it is made (Google charges invalid requests too); reads may only
// spend the share of the day that has passed, so polling never drains the quota by noon, and a
// reserve stays for replies.

/** Where spent units are kept (PostgreSQL in the service, a Map in unit tests). */
export interface QuotaLedger {
  spent(pool: string, day: string): Promise<number>;
  /** Adds units and returns the new total. */
  charge(pool: string, day: string, units: number): Promise<number>;
  /** The platform said the quota is gone: count the day as spent up to `limit`. */
  exhaust(pool: string, day: string, limit: number): Promise<void>;
}

export interface QuotaPolicy {
  dailyUnits: number;
  /** Units only replies may use (reads stop before them). */
  replyReserve: number;
  /** Reads may run this far ahead of an even spread (so the first hours are not starved). */
  headStartMs: number;
  /** The zone whose midnight resets the quota (YouTube: America/Los_Angeles, DST-aware). */
  timeZone: string;
}

export interface QuotaDay {
  /** YYYY-MM-DD in the policy's zone. */
  day: string;
  start: Date;
  end: Date;
}

const parts = (at: Date, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } => {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
};

/** The instant of local midnight starting the day y-m-d in `timeZone` (midnight never falls in a DST gap there). */
function localMidnight(y: number, m: number, d: number, timeZone: string): Date {
  let guess = Date.UTC(y, m - 1, d);
  // Two corrections converge for any offset; the second handles a DST change between guess and result.
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(guess), timeZone);
    const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    guess += Date.UTC(y, m - 1, d) - wall;
  }
  return new Date(guess);
}

/** The quota day containing `now`: its date and its start and end (23 or 25 hours on DST days). */
export function quotaDay(now: Date, timeZone: string): QuotaDay {
  const p = parts(now, timeZone);
  const start = localMidnight(p.y, p.m, p.d, timeZone);
  const next = new Date(Date.UTC(p.y, p.m - 1, p.d + 1));
  const end = localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
  return { day: `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`, start, end };
}

export type QuotaUse = 'read' | 'write';

export type QuotaDecision = { ok: true } | { ok: false; retryAt: Date; reason: string };

/** May a call costing `cost` units run now, with `spent` units already used today? */
export function decide(use: QuotaUse, spent: number, cost: number, policy: QuotaPolicy, now: Date): QuotaDecision {
  const d = quotaDay(now, policy.timeZone);
  if (use === 'write') {
    return spent + cost <= policy.dailyUnits ? { ok: true } : { ok: false, retryAt: d.end, reason: `daily quota spent (${spent}/${policy.dailyUnits} units)` };
  }
  const readUnits = Math.max(0, policy.dailyUnits - policy.replyReserve);
  const length = d.end.getTime() - d.start.getTime();
  const elapsed = now.getTime() - d.start.getTime();
  const allowed = readUnits * Math.min(1, (elapsed + policy.headStartMs) / length);
  if (spent + cost <= allowed) return { ok: true };
  if (spent + cost > readUnits) return { ok: false, retryAt: d.end, reason: `read share of the daily quota spent (${spent}/${readUnits} units)` };
  // The moment the even spread has caught up with what this call needs.
  const at = d.start.getTime() + ((spent + cost) / readUnits) * length - policy.headStartMs;
  return { ok: false, retryAt: new Date(Math.max(at, now.getTime() + 1000)), reason: `pacing the daily quota (${spent} of ${Math.floor(allowed)} units allowed so far)` };
}

/** One pool's budget: check, then charge, before every call. */
export class QuotaBudget {
  constructor(
    private readonly ledger: QuotaLedger,
    readonly pool: string,
    readonly policy: QuotaPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Charges `cost` units when the policy allows it; otherwise says until when to wait. */
  async take(use: QuotaUse, cost: number): Promise<QuotaDecision> {
    const at = this.now();
    const { day } = quotaDay(at, this.policy.timeZone);
    const verdict = decide(use, await this.ledger.spent(this.pool, day), cost, this.policy, at);
    if (verdict.ok && cost > 0) await this.ledger.charge(this.pool, day, cost);
    return verdict;
  }

  /** The platform refused for quota: nothing more today, for reads or replies. Returns the reset. */
  async exhausted(): Promise<Date> {
    const d = quotaDay(this.now(), this.policy.timeZone);
    await this.ledger.exhaust(this.pool, d.day, this.policy.dailyUnits);
    return d.end;
  }

  async snapshot(): Promise<{ spent: number; limit: number; resetAt: string }> {
    const d = quotaDay(this.now(), this.policy.timeZone);
    return { spent: await this.ledger.spent(this.pool, d.day), limit: this.policy.dailyUnits, resetAt: d.end.toISOString() };
  }
}

/** A ledger in memory, for unit tests and tools. */
export class MemoryQuotaLedger implements QuotaLedger {
  readonly days = new Map<string, number>();
  async spent(pool: string, day: string): Promise<number> {
    return this.days.get(`${pool}|${day}`) ?? 0;
  }
  async charge(pool: string, day: string, units: number): Promise<number> {
    const n = (this.days.get(`${pool}|${day}`) ?? 0) + units;
    this.days.set(`${pool}|${day}`, n);
    return n;
  }
  async exhaust(pool: string, day: string, limit: number): Promise<void> {
    this.days.set(`${pool}|${day}`, Math.max(limit, this.days.get(`${pool}|${day}`) ?? 0));
  }
}
