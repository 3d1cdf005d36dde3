// Deadlines in words, counted on the same working calendar as the server's service levels
// (src/sla/working-calendar.ts, shared): "3 hari kerja lagi", "jatuh tempo hari ini", "terlambat 2 hari".
import { localDate, WorkingCalendar } from '../../src/sla/working-calendar.js';
import type { CalendarView, SlaState } from './types.js';

export type DeadlineTone = 'ok' | 'soon' | 'late';

/** Until GET /api/calendar answers: the browser's zone and weekends only. */
export const FALLBACK_CALENDAR: CalendarView = { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, zoneName: '', holidays: [] };

const calendars = new Map<CalendarView, WorkingCalendar>();
const working = (cal: CalendarView): WorkingCalendar => {
  let wc = calendars.get(cal);
  if (!wc) calendars.set(cal, (wc = new WorkingCalendar(new Set(cal.holidays), cal.timezone)));
  return wc;
};

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The deadline as a user reads it; `slaState` from the server wins over the local clock for "late". */
export function deadlineLabel(dueAt: string, slaState: SlaState | null | undefined, now: Date, cal: CalendarView): { text: string; tone: DeadlineTone } {
  const due = new Date(dueAt);
  const today = localDate(now, cal.timezone);
  const dueDay = localDate(due, cal.timezone);
  if (now.getTime() > due.getTime() || slaState === 'overdue') {
    const late = Math.max(0, dayNumber(today) - dayNumber(dueDay));
    return { text: late > 0 ? `terlambat ${late} hari` : 'terlambat', tone: 'late' };
  }
  if (today === dueDay) return { text: 'jatuh tempo hari ini', tone: 'soon' };
  const left = working(cal).workingDaysBetween(now, due);
  if (left <= 0) return { text: 'jatuh tempo hari ini', tone: 'soon' };
  return { text: `${left} hari kerja lagi`, tone: slaState === 'at_risk' || left <= 1 ? 'soon' : 'ok' };
}
