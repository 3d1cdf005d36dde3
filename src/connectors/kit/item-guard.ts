// QUARANTINE HOOK (one clearly marked place): until the generic quarantine of the ingestion stage
// lands, a platform item that cannot be mapped is skipped with a warning here, so one bad item
// never fails its page or the account. The quarantine replaces `skipped` with a stored row.

export interface SkippedItem {
  externalId: string;
  error: string;
}

/**
 * Maps every raw item on its own. An item whose mapper throws (wrong shape, hostile content) is
 * skipped and reported in `warnings`; items the mapper deliberately ignores return null.
 */
export function mapEachSafely<R, T>(
  raws: readonly R[],
  map: (raw: R) => T | null,
  idOf: (raw: R) => string,
  warnings: string[],
  skipped: SkippedItem[] = [],
): T[] {
  const out: T[] = [];
  for (const raw of raws) {
    try {
      const item = map(raw);
      if (item !== null) out.push(item);
    } catch (e) {
      let externalId = '?';
      try {
        externalId = idOf(raw);
      } catch {
        // the id itself is unreadable: keep '?'
      }
      const error = e instanceof Error ? e.message : String(e);
      skipped.push({ externalId, error });
      warnings.push(`skipped item ${externalId}: ${error.slice(0, 200)}`);
    }
  }
  return out;
}
