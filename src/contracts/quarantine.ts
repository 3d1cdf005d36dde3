/** An item that could not be taken in (GET /api/quarantine items); personal data masked. */
export interface QuarantinedItemView {
  id: string;
  platform: string;
  accountId: string;
  externalId: string | null;
  stage: 'map' | 'store' | 'identity';
  error: string;
  state: 'retrying' | 'open' | 'resolved' | 'dismissed';
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** The kept payload, masked; WhatsApp withheld as `{ withheld }`. */
  raw: unknown;
}

/** GET /api/quarantine. */
export interface QuarantinePage {
  items: QuarantinedItemView[];
  /** Pass as `before` for the next page. */
  nextBefore: string | null;
}

/** POST /api/quarantine/{id}/retry. */
export interface QuarantineRetried extends QuarantinedItemView {
  /** Whether the item was taken in this time (else state is open and error says why). */
  retried: boolean;
}
