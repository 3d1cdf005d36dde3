import type { NormalizedItem } from '../connectors/connector.interface.js';
import { cleanDeep, cleanText, closeBidi, cutText, RAW_CAPS } from '../connectors/kit/clean.js';

// One sanitizer for everything stored from a platform: the primitives live in connectors/kit/clean.ts
// (connectors clean values where they read them); this file applies them at the storage boundary.

export const MAX_RAW_BYTES = 256 * 1024;

/** Cleans and caps a post's text: it is hostile input of any size. */
export function sanitizeText(text: string, maxChars: number): { text: string; truncated: boolean } {
  const clean = cleanText(typeof text === 'string' ? text : String(text ?? '')).normalize('NFC');
  if (clean.length <= maxChars) return { text: closeBidi(clean), truncated: false };
  return { text: closeBidi(cutText(clean, maxChars)), truncated: true };
}

/**
 * Raw platform JSON kept for audit: every value cleaned (NUL and C0 controls dropped, lone
 * surrogates replaced), strings and arrays capped, by walking the parsed value. Serialized JSON is
 * never edited. Still too big after the caps: tighter caps, then only a summary.
 */
export function sanitizeRaw(raw: unknown, maxBytes = MAX_RAW_BYTES): unknown {
  for (const caps of [RAW_CAPS, { maxString: 1024, maxDepth: 8, maxEntries: 50 }]) {
    const v = cleanDeep(raw ?? null, caps);
    const bytes = Buffer.byteLength(JSON.stringify(v) ?? 'null');
    if (bytes <= maxBytes) return v;
  }
  return { truncated: true, note: 'raw payload too large to keep' };
}

export function sanitizeShort(v: string | undefined | null, max = 200): string | null {
  if (v === undefined || v === null) return null;
  return sanitizeText(String(v), max).text || null;
}

/** Keeps the last occurrence of each dedupe key (one INSERT may not touch a row twice). */
export function dedupeBatch(items: NormalizedItem[]): NormalizedItem[] {
  const byKey = new Map<string, NormalizedItem>();
  for (const i of items) byKey.set(i.dedupeKey, i);
  return [...byKey.values()];
}
