import { isValidWeek, isoWeekOf, mondayOf, shiftWeek, weekAt, weekBounds, weeksInYear } from './iso-week.js';

describe('ISO weeks in the regency time zone', () => {
  it.each([
    ['2026-11-16', '2026-W47'],
    ['2026-11-22', '2026-W47'],
    ['2026-11-23', '2026-W48'],
    ['2026-01-01', '2026-W01'], // a Thursday
    ['2027-01-01', '2026-W53'], // a Friday: still the last week of 2026
    ['2024-12-30', '2025-W01'], // a Monday in December, first week of 2025
    ['2021-01-03', '2020-W53'],
  ])('should put %s in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('should count 53 weeks only in long years', () => {
    expect([weeksInYear(2020), weeksInYear(2025), weeksInYear(2026), weeksInYear(2027)]).toEqual([
      53, 52, 53, 52,
    ]);
  });

  it.each([
    '2026-W00',
    '2025-W53',
    '2026-W54',
    '2026-47',
    '2026-w47',
    '26-W47',
    '2026-W7',
    ' 2026-W47',
    '2026-W47.pdf',
    '',
  ])('should refuse %j', (week) => {
    expect(isValidWeek(week)).toBe(false);
    expect(mondayOf(week)).toBeNull();
  });

  it('should run a week from Monday 00:00 to Sunday 24:00 WITA', () => {
    const b = weekBounds('2026-W47', 'Asia/Makassar');
    expect(b).toEqual({
      week: '2026-W47',
      firstDay: '2026-11-16',
      lastDay: '2026-11-22',
      from: new Date('2026-11-15T16:00:00.000Z'),
      to: new Date('2026-11-22T16:00:00.000Z'),
    });
    expect(weekAt(new Date('2026-11-22T15:30:00Z'), 'Asia/Makassar')).toBe('2026-W47'); // Sunday 23:30 WITA
    expect(weekAt(new Date('2026-11-22T16:30:00Z'), 'Asia/Makassar')).toBe('2026-W48'); // Monday 00:30 WITA
    expect(weekAt(new Date('2026-11-22T16:30:00Z'), 'Asia/Jakarta')).toBe('2026-W47'); // still Sunday in WIB
  });

  it('should step across year ends', () => {
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2026-W47', -4)).toBe('2026-W43');
  });
});
