// Platform JSON is hostile input: values are cleaned where they are read (never by editing
// serialized JSON), so NUL, lone surrogates and wrong shapes cannot reach PostgreSQL or throw later.

// NUL cannot be stored in text or jsonb; a lone surrogate is not valid UTF-8 (jsonb rejects \ud800).
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return s.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A string field, cleaned; anything else (number, object, missing) is undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? cleanText(v) : undefined;
}

/**
 * A platform id as a string: JSON integers (Telegram ids fit in 52 bits, §7.7) or strings.
 * Unsafe integers have already lost digits in JSON.parse, so they are refused rather than guessed.
 */
export function idStr(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : undefined;
  if (typeof v === 'string' && /^-?[A-Za-z0-9_-]{1,128}$/.test(v)) return v;
  return undefined;
}

export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A deep copy with every string and key cleaned, for the `raw` kept for audit. */
export function cleanDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return cleanText(v);
  if (typeof v !== 'object' || v === null) return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  if (depth > 32) return '[too deep]';
  if (Array.isArray(v)) return v.map((x) => cleanDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[cleanText(k)] = cleanDeep(x, depth + 1);
  return out;
}

/** Unix seconds (number or numeric string) → ISO-8601, or undefined when not a sane time. */
export function unixToIso(v: unknown): string | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 && n < 1e11 ? new Date(n * 1000).toISOString() : undefined;
}

/** An RFC 3339 timestamp → ISO-8601 UTC, or undefined. */
export function rfc3339ToIso(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}
