export type DomainErrorCode =
  | 'not_found'
  | 'invalid_transition'
  | 'conflict'
  | 'validation'
  | 'forbidden'
  | 'unauthorized'
  | 'window_closed'
  | 'too_many_requests';

/** An expected failure of a use case; mapped once to an HTTP status by DomainErrorFilter. */
export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
