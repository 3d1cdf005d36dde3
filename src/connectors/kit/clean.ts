// Platform JSON is hostile input: values are cleaned where they are read (never by editing
// serialized JSON), so NUL, lone surrogates and wrong shapes cannot reach PostgreSQL or throw later.

// NUL cannot be stored in text or jsonb; a lone surrogate is not valid UTF-8 (jsonb rejects \ud800).
// Other C0 controls (and DEL) are noise in a citizen's text; tab, newline and carriage return stay.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Bidi embeddings/overrides (LRE RLE LRO RLO … PDF) and isolates (LRI RLI FSI … PDI).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI = /[\u202A-\u202E\u2066-\u2069]/;

export function cleanText(s: string): string {
  return s.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Keeps a citizen's bidi controls (they may be real right-to-left text) but closes every one left
 * open at the end of the string, so an override can never reorder what the UI, a CSV or a PDF
 * shows after the citizen's words (the "Trojan source" trick).
 */
export function closeBidi(s: string): string {
  if (!HAS_BIDI.test(s)) return s;
  let embeddings = 0;
  let isolates = 0;
  for (const m of s.matchAll(BIDI)) {
    const c = m[0];
    if (c === '\u202C') embeddings = Math.max(0, embeddings - 1);
    else if (c === '\u2069') isolates = Math.max(0, isolates - 1);
    else if (c >= '\u2066') isolates++;
    else embeddings++;
  }
  return s + '\u202C'.repeat(embeddings) + '\u2069'.repeat(isolates);
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

export interface CleanCaps {
  /** Longest string kept whole; longer ones are cut (never inside a surrogate pair). */
  maxString: number;
  /** Deepest nesting kept. */
  maxDepth: number;
  /** Most array elements or object keys kept per level. */
  maxEntries: number;
}

export const RAW_CAPS: CleanCaps = { maxString: 16 * 1024, maxDepth: 32, maxEntries: 500 };

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return s.slice(0, cut);
}

/**
 * A deep copy with every string and key cleaned and capped, for the `raw` kept for audit. It walks
 * the parsed value; serialized JSON is never edited (cutting "\\u0000" out of a JSON string once
 * left a dangling backslash and stopped whole accounts). Non-finite numbers and BigInts become
 * JSON-safe; cycles and functions cannot survive.
 */
export function cleanDeep(v: unknown, caps: CleanCaps = RAW_CAPS, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof v === 'string') {
    const c = cleanText(v);
    return c.length > caps.maxString ? `${cutText(c, caps.maxString)}…[${c.length - caps.maxString} more]` : c;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v !== 'object') return null; // undefined, functions, symbols
  if (depth >= caps.maxDepth) return '[too deep]';
  if (seen.has(v)) return '[cycle]';
  seen.add(v);
  try {
    if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.toISOString() : null;
    if (Buffer.isBuffer(v)) return `[${v.length} bytes]`;
    if (Array.isArray(v)) {
      const out = v.slice(0, caps.maxEntries).map((x) => cleanDeep(x, caps, depth + 1, seen));
      if (v.length > caps.maxEntries) out.push(`[${v.length - caps.maxEntries} more]`);
      return out;
    }
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      if (++n > caps.maxEntries) {
        out['…'] = `[more keys]`;
        break;
      }
      out[cutText(cleanText(k), 256)] = cleanDeep(x, caps, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(v);
  }
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
