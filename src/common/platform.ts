export const PLATFORMS = ['facebook', 'instagram', 'x', 'tiktok', 'whatsapp'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const HEALTH_STATES = ['ok', 'degraded', 'rate_limited', 'quota_exhausted', 'auth_expired', 'permission_missing', 'down'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** States in which polling stops until an admin re-authorises the account. */
export const BLOCKING_HEALTH_STATES: readonly HealthState[] = ['auth_expired', 'permission_missing'];
