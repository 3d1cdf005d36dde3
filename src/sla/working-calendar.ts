// Working days in the regency's time zone: weekends, national holidays and cuti bersama skipped.
// Deadlines fall at the end (23:59:59.999 local) of the n-th working day after the start day.

export type LocalDate = string; // YYYY-MM-DD in the regency's time zone

const DAY = 86_400_000;

// Building an Intl.DateTimeFormat costs ~100 µs and tens of kB; formatting with one costs ~1 µs.
// Deadlines are computed for every new case and every row of a report, so one per zone is kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();
const cached = (m: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat => {
  let f = m.get(timeZone);
  if (!f) m.set(timeZone, (f = make()));
  return f;
};

/** Local calendar date of an instant in a time zone. */
export function localDate(d: Date, timeZone: string): LocalDate {
  return cached(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(d);
}

/** Offset of the zone from UTC at an instant, in ms (WITA: +8 h). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    cached(partFormats, timeZone, () => new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }))
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a local date starts (00:00 local). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const guess = new Date(Date.UTC(y, m - 1, d));
  return new Date(guess.getTime() - zoneOffsetMs(guess, timeZone));
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
}

const weekday = (date: LocalDate): number => new Date(`${date}T00:00:00Z`).getUTCDay();

export class WorkingCalendar {
  constructor(
    private readonly holidays: ReadonlySet<LocalDate>,
    readonly timeZone: string,
  ) {}

  isWorkingDay(date: LocalDate): boolean {
    const w = weekday(date);
    return w !== 0 && w !== 6 && !this.holidays.has(date);
  }

  /** End of the n-th working day after the day of `start` (n ≥ 1). */
  addWorkingDays(start: Date, n: number): Date {
    let date = localDate(start, this.timeZone);
    let left = n;
    while (left > 0) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) left--;
    }
    return new Date(startOfLocalDay(addDays(date, 1), this.timeZone).getTime() - 1);
  }

  /** Working days from the day of `from` to the day of `to` (0 when `to` is the same or an earlier day). */
  workingDaysBetween(from: Date, to: Date): number {
    let date = localDate(from, this.timeZone);
    const end = localDate(to, this.timeZone);
    let n = 0;
    while (date < end) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) n++;
    }
    return n;
  }
}
