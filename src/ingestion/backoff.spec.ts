import { backoffMs, withJitter } from './backoff.js';

describe('backoff', () => {
  it.each([
    [1, 0, 250],
    [1, 1, 500],
    [2, 1, 1000],
    [4, 1, 4000],
    [7, 1, 30000],
    [20, 0, 15000],
  ])('should wait within [exp/2, exp] capped at 30 s: failure %i, random %d → %i ms', (n, r, ms) => {
    expect(backoffMs(n, 500, 30_000, () => r)).toBe(ms);
  });

  it('should spread periodic polls by ±10 %', () => {
    expect(withJitter(60_000, () => 0)).toBe(54_000);
    expect(withJitter(60_000, () => 1)).toBe(66_000);
  });
});
