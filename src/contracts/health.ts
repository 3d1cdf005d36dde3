/** GET /api/health (connector states are visible to staff). */
export interface HealthReport {
  status: 'ok' | 'degraded';
  uptimeSec: number;
  database: { status: 'up' | 'down'; latencyMs?: number; error?: string };
  connectors: Array<{
    id: string;
    platform: string;
    handle: string;
    enabled: boolean;
    state: string;
    detail: string | null;
    retryAt: string | null;
    lastPolledAt: string | null;
    lastSuccessAt: string | null;
    /** Staff only (admin, operator): open quarantined items of the account (issue 12 §1). */
    quarantined?: number;
  }>;
}

/** The `connector.health` socket message. */
export interface HealthEvent {
  accountId: string;
  platform: string;
  handle: string;
  state: string;
  detail: string | null;
  retryAt: string | null;
}
