export type ConnectorErrorKind =
  | 'rate_limited'
  | 'quota_exhausted'
  | 'auth_expired'
  | 'permission'
  | 'transient'
  | 'not_found'
  | 'invalid_request'
  | 'window_closed'
  | 'duplicate'
  // The target's author limits who may answer (X reply settings): this reply, not the account.
  | 'reply_restricted'
  | 'malformed_response'
  | 'timeout'
  // Another consumer holds the account's update stream (Telegram 409, §7.4): pause, do not hammer.
  | 'conflict';

/** A platform failure reduced to one of a few kinds; the poll job decides retry, pause or stop. */
export class ConnectorError extends Error {
  constructor(
    public readonly kind: ConnectorErrorKind,
    message: string,
    public readonly retryAt?: Date,
    public readonly platformCode?: string | number,
    public readonly raw?: unknown,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export const isConnectorError = (e: unknown): e is ConnectorError => e instanceof ConnectorError;
