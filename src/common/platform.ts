// New platforms go at the end: the lists mirror PostgreSQL enums, which only grow by appending.
// `open311`: requests POSTed to the Open311 GeoReport v2 server (regency website, a desa's app, a kiosk).
export const PLATFORMS = ['facebook', 'instagram', 'x', 'tiktok', 'whatsapp', 'telegram', 'youtube', 'open311'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What users see for each platform (exports, reports); typed so a new platform cannot be forgotten. */
export const PLATFORM_LABEL: Record<Platform, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X (Twitter)',
  tiktok: 'TikTok',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  youtube: 'YouTube',
  open311: 'Open311 (situs/aplikasi)',
};

export const HEALTH_STATES = ['ok', 'degraded', 'rate_limited', 'quota_exhausted', 'auth_expired', 'permission_missing', 'down', 'conflict'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** States in which polling stops until an admin re-authorises the account. */
export const BLOCKING_HEALTH_STATES: readonly HealthState[] = ['auth_expired', 'permission_missing'];

/**
 * Private messages stay confidential (domain.md, Privacy): every WhatsApp message, and every
 * direct message (Telegram messages to the bot in a private chat). In SQL:
 * `p.platform <> 'whatsapp' AND p.kind <> 'direct_message'` selects the public ones.
 */
export function isConfidentialPost(p: { platform: string; kind: string }): boolean {
  return p.platform === 'whatsapp' || p.kind === 'direct_message';
}
