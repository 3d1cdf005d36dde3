/** Capped exponential backoff with full jitter in its upper half: base·2^(n-1), at most `max`. */
export function backoffMs(failures: number, base: number, max: number, random: () => number = Math.random): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** Spreads periodic polls so accounts with the same interval do not fire together (±10 %). */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (0.9 + random() * 0.2));
}
