// "The database cannot be reached" as opposed to "this query is wrong": the first is an outage that
// the caller should retry later (HTTP 503 + Retry-After, schedulers back off); the second is a bug or
// bad input. pg and TypeORM report outages in several shapes, all checked here, in one place.

// Socket-level failures (refused, reset, DNS of a database host that is gone, unreachable network).
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

// PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting
// up), 53300 (too many connections) — https://www.postgresql.org/docs/current/errcodes-appendix.html
const PG_CODES = /^(08\d{3}|08P01|57P0[123]|53300)$/;

// Messages of node-postgres (pg, pg-pool) that carry no code.
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

// A platform's HTTP failure (axios, or a connector's error that wraps one) can carry the same
// socket codes; it is never about the database.
function isPlatformError(e: object): boolean {
  const x = e as { isAxiosError?: unknown; name?: unknown };
  return x.isAxiosError === true || x.name === 'ConnectorError' || x.name === 'AxiosError';
}

function looksUnavailable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NET_CODES.has(code) || PG_CODES.test(code))) return true;
  return typeof message === 'string' && PG_MESSAGES.some((m) => message.startsWith(m));
}

/** True when `err` (or what it wraps: TypeORM's driverError, a cause, an AggregateError) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4 || isPlatformError(err)) return false;
  if (looksUnavailable(err)) return true;
  const e = err as { driverError?: unknown; cause?: unknown; errors?: unknown };
  if (isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1));
}

/** Seconds a client is asked to wait before retrying while the database is down. */
export const DATABASE_RETRY_AFTER_SEC = 5;
