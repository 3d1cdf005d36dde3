import { deadlineLabel } from '../../web/src/deadline.js';

// The web's deadline words, on the server's working calendar. WITA is UTC+8; Mon 17 Aug 2026 is a holiday.
const wita = (local: string): Date => new Date(`${local}+08:00`);
const SINJAI = { timezone: 'Asia/Makassar', zoneName: 'WITA', holidays: ['2026-08-17'] };
const DUE = wita('2026-08-20T23:59:59.999').toISOString(); // end of Thursday

describe('deadlineLabel', () => {
  it('should count working days left, skipping the weekend and the holiday', () => {
    expect(deadlineLabel(DUE, 'ok', wita('2026-08-14T09:00:00'), SINJAI)).toEqual({ text: '3 hari kerja lagi', tone: 'ok' });
    expect(deadlineLabel(DUE, 'ok', wita('2026-08-14T09:00:00'), { ...SINJAI, holidays: [] }).text).toBe('4 hari kerja lagi');
  });

  it('should warn on the last working day before the deadline and on the day itself', () => {
    expect(deadlineLabel(DUE, 'at_risk', wita('2026-08-19T09:00:00'), SINJAI)).toEqual({ text: '1 hari kerja lagi', tone: 'soon' });
    expect(deadlineLabel(DUE, 'at_risk', wita('2026-08-20T23:30:00'), SINJAI)).toEqual({ text: 'jatuh tempo hari ini', tone: 'soon' });
  });

  it('should count calendar days late once the deadline has passed, in the regency time zone', () => {
    // 00:30 WITA on Friday is still Thursday in UTC: one day late all the same.
    expect(deadlineLabel(DUE, 'at_risk', wita('2026-08-21T00:30:00'), SINJAI)).toEqual({ text: 'terlambat 1 hari', tone: 'late' });
    expect(deadlineLabel(DUE, 'overdue', wita('2026-08-22T10:00:00'), SINJAI)).toEqual({ text: 'terlambat 2 hari', tone: 'late' });
  });

  it('should believe the server that a case is overdue even when the local clock lags', () => {
    expect(deadlineLabel(DUE, 'overdue', wita('2026-08-20T23:59:00'), SINJAI).tone).toBe('late');
  });
});
