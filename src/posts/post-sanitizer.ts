import type { NormalizedItem } from '../connectors/connector.interface.js';

const MAX_RAW_BYTES = 256 * 1024;
// PostgreSQL text and jsonb cannot hold NUL; other C0 controls except tab/newline are noise.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cleans and caps a post's text: it is hostile input of any size. */
export function sanitizeText(text: string, maxChars: number): { text: string; truncated: boolean } {
  const clean = (text ?? '').replace(CONTROL, '').normalize('NFC');
  if (clean.length <= maxChars) return { text: clean, truncated: false };
  // Never cut a surrogate pair in half.
  let cut = maxChars;
  const code = clean.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return { text: clean.slice(0, cut), truncated: true };
}

/** Raw platform JSON kept for audit, without NULs and capped in size. */
export function sanitizeRaw(raw: unknown): unknown {
  let json: string;
  try {
    // Values are cleaned, never the serialized text: removing "\u0000" from JSON would also cut a
    // citizen's literal backslash-u0000 in half and leave invalid JSON. jsonb refuses NUL and
    // lone surrogates, so they go (NUL) or become U+FFFD.
    json = JSON.stringify(raw ?? null, (_k, v: unknown) => (typeof v === 'string' ? v.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD') : v));
  } catch {
    return { unserializable: true };
  }
  if (Buffer.byteLength(json) <= MAX_RAW_BYTES) return JSON.parse(json);
  return { truncated: true, bytes: Buffer.byteLength(json), preview: json.slice(0, 8192).replace(LONE_SURROGATE, '\uFFFD') };
}

export function sanitizeShort(v: string | undefined, max = 200): string | null {
  if (v === undefined || v === null) return null;
  return sanitizeText(String(v), max).text || null;
}

/** Keeps the last occurrence of each dedupe key (one INSERT may not touch a row twice). */
export function dedupeBatch(items: NormalizedItem[]): NormalizedItem[] {
  const byKey = new Map<string, NormalizedItem>();
  for (const i of items) byKey.set(i.dedupeKey, i);
  return [...byKey.values()];
}
