import type { MigrationInterface, QueryRunner } from 'typeorm';

// Telegram and YouTube (issue 17): two platforms, the `conflict` health state (Telegram 409,
// §7.4), the `uncertain` reply state (Telegram cannot look up a sent message, §7.9), and the
// ledger of YouTube quota units spent per pool and Pacific-time day (§8.5).
export class TelegramYouTube1765800000000 implements MigrationInterface {
  name = 'TelegramYouTube1765800000000';

  async up(q: QueryRunner): Promise<void> {
    // ADD VALUE appends, which keeps the enums in the order of PLATFORMS / HEALTH_STATES / REPLY_STATES.
    await q.query(`ALTER TYPE "platform" ADD VALUE IF NOT EXISTS 'telegram'`);
    await q.query(`ALTER TYPE "platform" ADD VALUE IF NOT EXISTS 'youtube'`);
    await q.query(`ALTER TYPE "health_state" ADD VALUE IF NOT EXISTS 'conflict'`);
    await q.query(`ALTER TYPE "reply_state" ADD VALUE IF NOT EXISTS 'uncertain'`);
    await q.query(
      `CREATE TABLE "connector_quota_usage" ("pool" text NOT NULL, "day" date NOT NULL, "units" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_connector_quota_usage" PRIMARY KEY ("pool", "day"))`,
    );
  }

  /**
   * PostgreSQL cannot drop an enum value, so each type is rebuilt without the new values. Rows
   * that use them (Telegram or YouTube accounts and posts, uncertain replies, accounts in
   * conflict) would be lost: the revert refuses until they are removed or changed by hand.
   */
  async down(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT (SELECT count(*) FROM connector_accounts WHERE platform::text IN ('telegram', 'youtube') OR health_state::text = 'conflict')
            + (SELECT count(*) FROM posts WHERE platform::text IN ('telegram', 'youtube'))
            + (SELECT count(*) FROM webhook_events WHERE platform::text IN ('telegram', 'youtube'))
            + (SELECT count(*) FROM outbound_replies WHERE state::text = 'uncertain') AS n`,
    )) as Array<{ n: string }>;
    const n = Number(rows[0].n);
    if (n > 0) throw new Error(`TelegramYouTube revert: ${n} rows still use telegram/youtube, conflict or uncertain; remove them first`);
    await q.query(`DROP TABLE "connector_quota_usage"`);
    const rebuild = async (type: string, values: string[], columns: Array<[string, string, string | null]>): Promise<void> => {
      await q.query(`ALTER TYPE "${type}" RENAME TO "${type}_old"`);
      await q.query(`CREATE TYPE "${type}" AS ENUM(${values.map((v) => `'${v}'`).join(', ')})`);
      for (const [table, column, dflt] of columns) {
        if (dflt) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" DROP DEFAULT`);
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE "${type}" USING "${column}"::text::"${type}"`);
        if (dflt) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET DEFAULT '${dflt}'`);
      }
      await q.query(`DROP TYPE "${type}_old"`);
    };
    await rebuild('platform', ['facebook', 'instagram', 'x', 'tiktok', 'whatsapp'], [
      ['connector_accounts', 'platform', null],
      ['posts', 'platform', null],
      ['webhook_events', 'platform', null],
    ]);
    await rebuild('health_state', ['ok', 'degraded', 'rate_limited', 'quota_exhausted', 'auth_expired', 'permission_missing', 'down'], [['connector_accounts', 'health_state', 'ok']]);
    await rebuild('reply_state', ['pending', 'sent', 'failed', 'unknown', 'window_closed'], [['outbound_replies', 'state', 'pending']]);
  }
}
