import { addDays, localDate, startOfLocalDay, type LocalDate } from '../sla/working-calendar.js';

// ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday) over local calendar dates
// of the regency, so a week runs Monday 00:00 to Sunday 24:00 in its time zone (WITA for Sinjai).

const DAY = 86_400_000;
const WEEK = /^(\d{4})-W(\d{2})$/;

export interface WeekBounds {
  week: string;
  /** Monday and Sunday as local dates. */
  firstDay: LocalDate;
  lastDay: LocalDate;
  /** [from, to): Monday 00:00 local up to, not including, the next Monday 00:00 local. */
  from: Date;
  to: Date;
}

const utc = (date: LocalDate): Date => new Date(`${date}T00:00:00Z`);
const mondayIndex = (d: Date): number => (d.getUTCDay() + 6) % 7;

/** The ISO week a local date belongs to, e.g. 2026-11-22 → 2026-W47. */
export function isoWeekOf(date: LocalDate): string {
  const d = utc(date);
  const thursday = new Date(d.getTime() + (3 - mondayIndex(d)) * DAY);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** 52 or 53: the ISO week of 28 December is always the year's last. */
export function weeksInYear(year: number): number {
  return Number(isoWeekOf(`${String(year).padStart(4, '0')}-12-28`).slice(-2));
}

/** The Monday of a well-formed ISO week, or null for anything else (bad shape, W00, W53 of a 52-week year). */
export function mondayOf(week: string): LocalDate | null {
  const m = WEEK.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 1970 || n < 1 || n > weeksInYear(year)) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  return new Date(jan4.getTime() - mondayIndex(jan4) * DAY + (n - 1) * 7 * DAY).toISOString().slice(0, 10);
}

export function isValidWeek(week: string): boolean {
  return mondayOf(week) !== null;
}

/** Bounds of an ISO week in a time zone; throws on a malformed week (check isValidWeek first). */
export function weekBounds(week: string, timeZone: string): WeekBounds {
  const monday = mondayOf(week);
  if (!monday) throw new RangeError(`not an ISO week: ${week}`);
  return {
    week,
    firstDay: monday,
    lastDay: addDays(monday, 6),
    from: startOfLocalDay(monday, timeZone),
    to: startOfLocalDay(addDays(monday, 7), timeZone),
  };
}

/** The week n weeks after (negative: before) the given one. */
export function shiftWeek(week: string, n: number): string {
  const monday = mondayOf(week);
  if (!monday) throw new RangeError(`not an ISO week: ${week}`);
  return isoWeekOf(addDays(monday, 7 * n));
}

/** The ISO week of an instant in a time zone. */
export function weekAt(at: Date, timeZone: string): string {
  return isoWeekOf(localDate(at, timeZone));
}
