import { maskPii } from './pii.js';

describe('maskPii', () => {
  it.each([
    ['NIK saya 7307011234560001 tolong dicek', 'NIK saya 7307************ tolong dicek'],
    ['nik 7307 0112 3456 0001', 'nik 7307************'],
    ['hubungi 081234567890 ya', 'hubungi 0812****90 ya'],
    ['WA +62 812-3456-7890', 'WA +62 ****90'],
    ['jalan rusak 2 km sejak 2024', 'jalan rusak 2 km sejak 2024'],
    ['RT 02 RW 05 no 12', 'RT 02 RW 05 no 12'],
  ])('should mask %j as %j', (input, expected) => {
    expect(maskPii(input)).toBe(expected);
  });
});
