import type { RejectedItem } from '../connector.interface.js';

// Per-item isolation of mapping: an item whose mapper throws is reported in `rejected` (with its
// raw JSON) and the ingestion stage quarantines it, so one bad item never fails its page or the
// account, and nothing is silently dropped.

/**
 * Maps every raw item on its own. An item whose mapper throws (wrong shape, hostile content) is
 * pushed to `rejected` and reported in `warnings`; items the mapper deliberately ignores return null.
 * `rawOf` builds what is kept for a retry (by default the raw item itself).
 */
export function mapEachSafely<R, T>(
  raws: readonly R[],
  map: (raw: R) => T | null,
  idOf: (raw: R) => string,
  warnings: string[],
  rejected: RejectedItem[] = [],
  rawOf: (raw: R) => unknown = (r) => r,
): T[] {
  const out: T[] = [];
  for (const raw of raws) {
    try {
      const item = map(raw);
      if (item !== null) out.push(item);
    } catch (e) {
      let externalId: string | undefined;
      try {
        const id = idOf(raw);
        externalId = typeof id === 'string' && id !== '?' ? id.slice(0, 200) : undefined;
      } catch {
        // the id itself is unreadable
      }
      const error = e instanceof Error ? e.message : String(e);
      let kept: unknown = raw;
      try {
        kept = rawOf(raw);
      } catch {
        // keep the item as it came
      }
      rejected.push({ externalId, error, raw: kept });
      warnings.push(`skipped item ${externalId ?? '?'}: ${error.slice(0, 200)} (quarantined)`);
    }
  }
  return out;
}
