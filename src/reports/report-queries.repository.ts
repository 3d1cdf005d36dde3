import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

// Read-only figures for the weekly report and the spike check. A case belongs to the period in
// which it was opened (cases.created_at), as on the dashboard's stats, so both always agree.

export interface SentimentCount {
  key: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  n: number;
}

export interface SampleRow {
  topic: string;
  tracking_number: string;
  platform: string;
  posted_at: Date;
  intent: string;
  sentiment: string;
  text: string;
}

export type SpikeDimension = 'topic' | 'kecamatan';

@Injectable()
export class ReportQueriesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Per local day of [from, to): cases opened, complaints among them and negative ones. */
  daily(from: Date, to: Date, timeZone: string): Promise<Array<{ d: string; total: number; complaints: number; negative: number }>> {
    return this.ds.query(
      `SELECT to_char(c.created_at AT TIME ZONE $3, 'YYYY-MM-DD') AS d, count(*)::int AS total,
              count(*) FILTER (WHERE c.intent = 'complaint')::int AS complaints,
              count(*) FILTER (WHERE c.sentiment = 'negative')::int AS negative
       FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 GROUP BY 1`,
      [from, to, timeZone],
    );
  }

  /** Sentiment counts per OPD (all the OPD's cases) or per topic (reports, not `other`) for [from, to). */
  sentimentBy(scope: 'opd' | 'topic', from: Date, to: Date): Promise<SentimentCount[]> {
    const col = scope === 'opd' ? 'c.opd_code' : 'c.topic';
    const extra = scope === 'topic' ? ` AND c.intent <> 'other'` : '';
    return this.ds.query(
      `SELECT ${col} AS key, c.sentiment::text AS sentiment, count(*)::int AS n FROM cases c
       WHERE ${col} IS NOT NULL AND c.created_at >= $1 AND c.created_at < $2${extra} GROUP BY 1, 2`,
      [from, to],
    );
  }

  /** Cases per topic (reports, not `other`) per local day in [from, to). */
  topicDaily(
    from: Date,
    to: Date,
    timeZone: string,
  ): Promise<Array<{ topic: string; d: string; n: number }>> {
    return this.ds.query(
      `SELECT g.topic, to_char(g.d, 'YYYY-MM-DD') AS d, g.n FROM (
         SELECT c.topic, date_trunc('day', c.created_at AT TIME ZONE $3) AS d, count(*)::int AS n FROM cases c
         WHERE c.topic IS NOT NULL AND c.intent <> 'other' AND c.created_at >= $1 AND c.created_at < $2 GROUP BY 1, 2) g`,
      [from, to, timeZone],
    );
  }

  /**
   * Up to `perTopic` example posts per topic: public posts only (private messages: WhatsApp, Telegram private chats), not
   * deleted, not rejected or merged; complaints first, then the classifier's surest, then oldest.
   */
  samples(topics: string[], from: Date, to: Date, perTopic: number): Promise<SampleRow[]> {
    if (!topics.length) return Promise.resolve([]);
    return this.ds.query(
      `SELECT topic, tracking_number, platform, posted_at, intent, sentiment, text FROM (
         SELECT c.topic, c.tracking_number, p.platform::text AS platform, p.posted_at, c.intent::text AS intent,
                c.sentiment::text AS sentiment, p.text,
                row_number() OVER (PARTITION BY c.topic ORDER BY (c.intent = 'complaint') DESC, c.intent_confidence DESC, c.id) AS rn
         FROM cases c JOIN posts p ON p.id = c.post_id
         WHERE c.topic = ANY($1) AND c.intent <> 'other' AND c.created_at >= $2 AND c.created_at < $3
           AND p.platform <> 'whatsapp' AND p.kind <> 'direct_message' AND NOT p.deleted AND c.status <> 'ditolak' AND c.merged_into_id IS NULL
       ) s WHERE rn <= $4 ORDER BY topic, rn`,
      [topics, from, to, perTopic],
    );
  }

  /** Complaints per kecamatan in [from, to), most first. */
  complaintsByKecamatan(from: Date, to: Date): Promise<Array<{ kecamatan: string; n: number }>> {
    return this.ds.query(
      `SELECT c.location_kecamatan AS kecamatan, count(*)::int AS n FROM cases c
       WHERE c.intent = 'complaint' AND c.location_kecamatan IS NOT NULL AND c.created_at >= $1 AND c.created_at < $2
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      [from, to],
    );
  }

  async opdNames(): Promise<Map<string, string>> {
    const rows = await this.ds.query<Array<{ code: string; name: string }>>(`SELECT code, name FROM opds`);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /**
   * Complaints per topic and per kecamatan in whole hours before `now`: bucket 0 is the last 60
   * minutes, bucket h covers (now − (h+1) hours, now − h hours]. Only buckets below `hours` are returned.
   */
  complaintHourBuckets(
    now: Date,
    hours: number,
  ): Promise<Array<{ dim: SpikeDimension; key: string; h: number; n: number }>> {
    return this.ds.query(
      `WITH w AS (
         SELECT c.topic, c.location_kecamatan, floor(extract(epoch FROM ($1::timestamptz - c.created_at)) / 3600)::int AS h
         FROM cases c WHERE c.intent = 'complaint' AND c.created_at > $1::timestamptz - make_interval(hours => $2) AND c.created_at <= $1::timestamptz)
       SELECT 'topic' AS dim, topic AS key, h, count(*)::int AS n FROM w WHERE topic IS NOT NULL AND h < $2 GROUP BY 2, 3
       UNION ALL
       SELECT 'kecamatan' AS dim, location_kecamatan AS key, h, count(*)::int AS n FROM w WHERE location_kecamatan IS NOT NULL AND h < $2 GROUP BY 2, 3`,
      [now, hours],
    );
  }

  /** The OPD holding most of a topic's complaints in (since, until]; ties go to the first code. */
  async dominantOpd(topic: string, since: Date, until: Date): Promise<string | null> {
    const [row] = await this.ds.query<Array<{ opd_code: string }>>(
      `SELECT c.opd_code FROM cases c WHERE c.intent = 'complaint' AND c.topic = $1 AND c.opd_code IS NOT NULL
         AND c.created_at > $2 AND c.created_at <= $3 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      [topic, since, until],
    );
    return row?.opd_code ?? null;
  }
}
