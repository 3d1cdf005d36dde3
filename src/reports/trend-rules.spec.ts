import { checkTrend, EMERGING_RULE, SPIKE_DAY_RULE, SPIKE_HOUR_RULE } from './trend-rules.js';

const flat = (n: number, v: number): number[] => Array.from({ length: n }, () => v);

describe('trend rules', () => {
  it('should not flag 1 → 2 even over an empty history when below the minimum count', () => {
    expect(checkTrend(2, flat(28, 0), EMERGING_RULE).hit).toBe(false);
    expect(checkTrend(4, flat(28, 0), EMERGING_RULE).hit).toBe(false);
    expect(checkTrend(5, flat(28, 0), EMERGING_RULE)).toEqual({
      count: 5,
      mean: 0,
      sd: 0,
      threshold: 0,
      hit: true,
    });
  });

  it('should floor the spread at Poisson noise when the history is flat', () => {
    // mean 1, sd 0 → threshold 1 + 2·√1 = 3
    expect(checkTrend(6, flat(28, 1), EMERGING_RULE)).toEqual({
      count: 6,
      mean: 1,
      sd: 0,
      threshold: 3,
      hit: true,
    });
    // mean 6, sd 0 → threshold 6 + 2·√6 ≈ 10.9: 8 is ordinary
    expect(checkTrend(8, flat(28, 6), EMERGING_RULE).hit).toBe(false);
    expect(checkTrend(11, flat(28, 6), EMERGING_RULE).hit).toBe(true);
  });

  it('should use the measured spread when it is larger', () => {
    const noisy = [...flat(14, 0), ...flat(14, 10)]; // mean 5, sd 5 → threshold 15
    expect(checkTrend(15, noisy, EMERGING_RULE)).toMatchObject({ mean: 5, sd: 5, threshold: 15, hit: false });
    expect(checkTrend(16, noisy, EMERGING_RULE).hit).toBe(true);
  });

  it('should need three deviations and the larger minimums for alerts', () => {
    expect(checkTrend(4, flat(168, 0), SPIKE_HOUR_RULE).hit).toBe(false);
    expect(checkTrend(5, flat(168, 0), SPIKE_HOUR_RULE).hit).toBe(true);
    expect(checkTrend(9, flat(28, 0), SPIKE_DAY_RULE).hit).toBe(false);
    expect(checkTrend(10, flat(28, 1), SPIKE_DAY_RULE).hit).toBe(true); // 1 + 3·1 = 4
    expect(checkTrend(10, flat(28, 4), SPIKE_DAY_RULE).hit).toBe(false); // 4 + 3·2 = 10: must exceed it
    expect(checkTrend(11, flat(28, 4), SPIKE_DAY_RULE).hit).toBe(true);
  });
});
