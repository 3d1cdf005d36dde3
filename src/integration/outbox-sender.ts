import type { EntityManager } from 'typeorm';
import type { OutboxItem } from './outbox.entity.js';

/**
 * One kind of outbound work (STYLE.md: every outbound kind is a small sender behind one interface,
 * like the connectors). To add one: implement this, provide it in IntegrationModule and list it in
 * OUTBOX_SENDERS; write rows with OutboxRepository.enqueue in the transaction that causes them.
 */
export interface OutboxSender {
  readonly kind: string;
  /** How many attempts before the row is `failed` (an admin may retry it). */
  readonly maxAttempts: number;
  /** Makes the call. Throw OutboxSendError to say whether to retry. Returns what to keep as the result. */
  send(item: OutboxItem): Promise<Record<string, unknown>>;
  /** Applies the result in the transaction that marks the row sent (e.g. the LAPOR! tracking id on the case). */
  onSent?(m: EntityManager, item: OutboxItem, result: Record<string, unknown>): Promise<void>;
  /** Called once the row is given up (`failed`), after that transaction. */
  onGivenUp?(item: OutboxItem, error: string): Promise<void>;
}

export const OUTBOX_SENDERS = Symbol('OUTBOX_SENDERS');

/** A failed call: `retryable` for outages (network, timeout, 5xx, 429), not for a refusal (4xx). */
export class OutboxSendError extends Error {
  constructor(
    message: string,
    public readonly retryable: boolean,
    public readonly status?: number,
    /** The receiver's own wait (Retry-After), in seconds. */
    public readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'OutboxSendError';
  }
}

/** Capped exponential backoff: 30 s, 1 min, 2 min … up to 1 hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}
