import { fmtWeekChange, fmtWeekSpan, zoneName } from './report-labels.js';

describe('report labels', () => {
  it('should write a week as the Sekda reads it, the year once unless the week spans two', () => {
    expect(fmtWeekSpan('2026-11-30', '2026-12-06')).toBe('30 Nov – 6 Des 2026');
    expect(fmtWeekSpan('2026-08-10', '2026-08-16')).toBe('10 Agu – 16 Agu 2026');
    expect(fmtWeekSpan('2026-12-28', '2027-01-03')).toBe('28 Des 2026 – 3 Jan 2027');
  });

  it('should name the Indonesian zones and keep any other as it is', () => {
    expect([zoneName('Asia/Makassar'), zoneName('Asia/Jakarta'), zoneName('Asia/Jayapura'), zoneName('Europe/Berlin')]).toEqual(['WITA', 'WIB', 'WIT', 'Europe/Berlin']);
  });

  it('should compare a figure with last week in words, id-ID numbers', () => {
    expect(fmtWeekChange(8, 2)).toBe('minggu lalu 2, naik 300%');
    expect(fmtWeekChange(1500, 2000)).toBe('minggu lalu 2.000, turun 25%');
    expect(fmtWeekChange(3, 3)).toBe('minggu lalu 3, tetap');
    expect(fmtWeekChange(2, 0)).toBe('minggu lalu 0, naik dari nol');
    expect(fmtWeekChange(-0.25, 0, true)).toBe('minggu lalu 0,00, turun 0,25');
    expect(fmtWeekChange(5, null)).toBe('minggu lalu –');
  });
});
