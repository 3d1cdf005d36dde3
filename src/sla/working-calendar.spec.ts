import { WorkingCalendar, localDate } from './working-calendar.js';

const WITA = 'Asia/Makassar';
// 2026: 16 Jan (Fri) Isra Mikraj; 17 Aug (Mon) Independence Day.
const cal = new WorkingCalendar(new Set(['2026-01-16', '2026-08-17', '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23', '2026-03-24']), WITA);

describe('WorkingCalendar (WITA)', () => {
  it('should count 3 working days across a weekend', () => {
    // Thursday 20 Aug 2026, 10:00 WITA → Fri 21, Mon 24, Tue 25 → end of Tue 25 Aug WITA.
    const due = cal.addWorkingDays(new Date('2026-08-20T02:00:00Z'), 3);
    expect(due.toISOString()).toBe('2026-08-25T15:59:59.999Z');
  });

  it('should skip a weekend and a holiday', () => {
    // Friday 14 Aug 2026 → Sat, Sun, Mon 17 (holiday) skipped → Tue 18, Wed 19, Thu 20.
    const due = cal.addWorkingDays(new Date('2026-08-14T01:00:00Z'), 3);
    expect(due.toISOString()).toBe('2026-08-20T15:59:59.999Z');
  });

  it('should use the local date, not UTC: 07:30 WITA on Saturday is still Saturday', () => {
    // 2026-08-15 07:30 WITA = 2026-08-14 23:30 UTC (a Friday in UTC).
    const start = new Date('2026-08-14T23:30:00Z');
    expect(localDate(start, WITA)).toBe('2026-08-15');
    // From Saturday: Tue 18, Wed 19, Thu 20 (Mon 17 is a holiday).
    expect(cal.addWorkingDays(start, 3).toISOString()).toBe('2026-08-20T15:59:59.999Z');
  });

  it('should skip a run of holidays and cuti bersama (Nyepi and Idul Fitri 2026)', () => {
    // Tue 17 Mar 2026 → 18–20, 23–24 off → Wed 25, Thu 26, Fri 27, Mon 30, Tue 31.
    const due = cal.addWorkingDays(new Date('2026-03-17T03:00:00Z'), 5);
    expect(localDate(due, WITA)).toBe('2026-03-31');
  });

  it('should count working days between two instants', () => {
    expect(cal.workingDaysBetween(new Date('2026-08-14T01:00:00Z'), new Date('2026-08-20T01:00:00Z'))).toBe(3);
    expect(cal.workingDaysBetween(new Date('2026-08-20T01:00:00Z'), new Date('2026-08-20T09:00:00Z'))).toBe(0);
  });

  it('should work in WIB and WIT too', () => {
    const wib = new WorkingCalendar(new Set(), 'Asia/Jakarta');
    expect(wib.addWorkingDays(new Date('2026-08-20T02:00:00Z'), 1).toISOString()).toBe('2026-08-21T16:59:59.999Z');
    const wit = new WorkingCalendar(new Set(), 'Asia/Jayapura');
    expect(wit.addWorkingDays(new Date('2026-08-20T02:00:00Z'), 1).toISOString()).toBe('2026-08-21T14:59:59.999Z');
  });
});
