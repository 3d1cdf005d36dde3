// Ids as they come in from URLs and bodies: checked before they reach PostgreSQL, so a hostile id
// is a 404 or 422, never a 500 (issue 13 §5).

const INT8_MAX = 9223372036854775807n;

/** A bigint primary key (cases, events): 1 … 2^63-1, digits only. */
export function isBigintId(id: unknown): id is string {
  return typeof id === 'string' && /^\d{1,19}$/.test(id) && BigInt(id) >= 1n && BigInt(id) <= INT8_MAX;
}

/** A uuid primary key (users, accounts): the 8-4-4-4-12 hex shape, not 36 of anything. */
export function isUuid(id: unknown): id is string {
  return typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
