import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseIntakeService } from '../cases/case-intake.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectorAccount } from '../connectors/connector-account.entity.js';
import { Post } from '../posts/post.entity.js';
import { patch } from '../database/patch.js';
import { Open311Error } from './open311.format.js';
import { PUBLIC_CASE_SQL, STATUS_TEXT, fmsStatus, open311Status, toOpen311Request, type CaseRow, type Open311Request } from './open311.mapping.js';
import type { CaseStatus } from '../cases/case.types.js';

export interface Open311ServiceType {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: 'singlevaluelist' | 'string';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
}

export interface RequestUpdate {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description: string;
  media_url: string | null;
  open311_status: 'open' | 'closed';
}

/** What a caller POSTs (form fields of §1.5), after the controller read them. */
export interface NewRequest {
  service_code: string;
  lat?: number;
  long?: number;
  address_string?: string;
  address_id?: string;
  description?: string;
  media_url?: string;
  email?: string;
  phone?: string;
  first_name?: string;
  last_name?: string;
  device_id?: string;
  account_id?: string;
  attributes: Record<string, unknown>;
}

const DAY = 86_400_000;
const OPEN311_ACCOUNT = 'open311';

const CASE_FROM = `
  SELECT c.id, c.tracking_number, NOT (${PUBLIC_CASE_SQL}) AS private, c.status, c.status_reason, c.opd_code, c.created_at, c.updated_at, c.closed_at, c.due_at,
         c.location_kecamatan, c.location_desa, p.text, p.deleted,
         COALESCE(c.opd_code, c.suggested_opd_code, $1) AS service_code, s.name AS service_name, o.name AS opd_name,
         CASE WHEN p.platform = 'open311' THEN p.raw->'location' END AS location,
         (SELECT r.text FROM outbound_replies r WHERE r.case_id = c.id AND r.state = 'sent' ORDER BY r.id DESC LIMIT 1) AS reply_text,
         (SELECT e.data->>'summary' FROM case_events e WHERE e.case_id = c.id AND e.type = 'finished' ORDER BY e.id DESC LIMIT 1) AS summary
  FROM cases c JOIN posts p ON p.id = c.post_id
  LEFT JOIN opds o ON o.code = c.opd_code
  LEFT JOIN opds s ON s.code = COALESCE(c.opd_code, c.suggested_opd_code, $1)`;
const CASE_SELECT = `${CASE_FROM} WHERE ${PUBLIC_CASE_SQL}`;

export interface RequestQuery {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: Array<'open' | 'closed'>;
  start?: Date;
  end?: Date;
  page: number;
  pageSize: number;
}

/** Open311 GeoReport v2 over the cases: services are the OPDs, requests are the public cases. */
@Injectable()
export class Open311Service {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly intake: CaseIntakeService,
  ) {}

  /** One service per active OPD, named and described from the registry, keywords from its routing rules. */
  async services(): Promise<Open311ServiceType[]> {
    const rows = await this.ds.query<Array<{ code: string; name: string; description: string; strong: string[] | null }>>(
      `SELECT o.code, o.name, o.description, r.strong FROM opds o LEFT JOIN routing_rules r ON r.opd_code = o.code WHERE o.active ORDER BY o.code`,
    );
    return rows.map((o) => ({
      service_code: o.code,
      service_name: o.name,
      description: o.description,
      metadata: true,
      type: 'realtime',
      keywords: (o.strong ?? []).slice(0, 12).join(', '),
      group: o.code === this.config.triageOpd ? 'umum' : 'layanan_opd',
    }));
  }

  async definition(code: string): Promise<{ service_code: string; attributes: ServiceAttribute[] }> {
    const known = (await this.services()).some((s) => s.service_code === code);
    if (!known) throw new Open311Error(404, `service_code ${code} not found`);
    return {
      service_code: code,
      attributes: [
        {
          variable: true,
          code: 'kecamatan',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: null,
          order: 1,
          description: 'Kecamatan tempat masalah (bila alamat tidak menyebutkannya)',
          values: this.config.region.districts.map((d) => ({ key: d.code, name: d.name })),
        },
      ],
    };
  }

  /** §1.6: default the most recent 90 days, never a longer span; `service_request_id` overrides all. */
  async requests(q: RequestQuery): Promise<Open311Request[]> {
    const params: unknown[] = [this.config.triageOpd];
    const where: string[] = [];
    if (q.ids) {
      params.push(q.ids);
      where.push(`c.tracking_number = ANY($${params.length}::text[])`);
    } else {
      const end = q.end ?? (q.start ? new Date(q.start.getTime() + 90 * DAY) : new Date());
      const start = q.start ?? new Date(end.getTime() - 90 * DAY);
      if (start > end) throw new Open311Error(400, 'start_date is after end_date');
      if (end.getTime() - start.getTime() > 90 * DAY) throw new Open311Error(400, 'start_date and end_date may not span more than 90 days');
      params.push(start, end);
      where.push(`c.created_at >= $${params.length - 1} AND c.created_at <= $${params.length}`);
      if (q.serviceCodes) {
        params.push(q.serviceCodes);
        where.push(`COALESCE(c.opd_code, c.suggested_opd_code, $1) = ANY($${params.length}::text[])`);
      }
      if (q.statuses && q.statuses.length === 1) where.push(q.statuses[0] === 'closed' ? `c.status IN ('selesai', 'ditolak')` : `c.status NOT IN ('selesai', 'ditolak')`);
    }
    params.push(q.pageSize, (q.page - 1) * q.pageSize);
    const rows = await this.ds.query<CaseRow[]>(
      `${CASE_SELECT} ${where.map((w) => `AND ${w}`).join(' ')} ORDER BY c.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(toOpen311Request);
  }

  /**
   * The public representation of any case, for outbound webhooks: the same fields and masking
   * as Open311; for a private case (private channel or rahasia) only its state, never its text or place.
   */
  async caseViews(caseIds: string[]): Promise<Map<string, Open311Request>> {
    if (!caseIds.length) return new Map();
    const rows = await this.ds.query<Array<CaseRow & { private: boolean }>>(`${CASE_FROM} WHERE c.id = ANY($2::bigint[])`, [this.config.triageOpd, caseIds]);
    return new Map(
      rows.map((r) => {
        const v = toOpen311Request(r);
        return [String(r.id), r.private ? { ...v, description: null, status_notes: null, address: null, address_id: null, lat: null, long: null, media_url: null } : v];
      }),
    );
  }

  async request(id: string): Promise<Open311Request> {
    const [r] = /^SW-\d{4}-\d{1,9}$/i.test(id) ? await this.requests({ ids: [id.toUpperCase()], page: 1, pageSize: 1 }) : [];
    if (!r) throw new Open311Error(404, `service_request_id ${id} not found`);
    return r;
  }

  /** FixMyStreet's servicerequestupdates (§1.8): every change of state of a public case in the window. */
  async updates(start: Date | undefined, end: Date | undefined, page: number, pageSize: number): Promise<RequestUpdate[]> {
    const to = end ?? new Date();
    const from = start ?? new Date(to.getTime() - DAY);
    if (from > to) throw new Open311Error(400, 'start_date is after end_date');
    if (to.getTime() - from.getTime() > 90 * DAY) throw new Open311Error(400, 'start_date and end_date may not span more than 90 days');
    const rows = await this.ds.query<Array<{ id: string; tracking_number: string; created_at: Date; status: CaseStatus; reason: string | null; answer: string | null }>>(
      `SELECT e.id, c.tracking_number, e.created_at, e.data->'after'->>'status' AS status, e.data->'after'->>'statusReason' AS reason,
              CASE WHEN e.data->'after'->>'status' = 'selesai' THEN
                (SELECT f.data->>'summary' FROM case_events f WHERE f.case_id = c.id AND f.type = 'finished' AND f.id < e.id ORDER BY f.id DESC LIMIT 1) END AS answer
       FROM case_events e JOIN cases c ON c.id = e.case_id JOIN posts p ON p.id = c.post_id
       WHERE ${PUBLIC_CASE_SQL} AND e.created_at >= $1 AND e.created_at <= $2
         AND e.data->'after'->>'status' IS NOT NULL
         AND (e.type = 'created' OR e.data->'before'->>'status' IS DISTINCT FROM e.data->'after'->>'status')
       ORDER BY e.id ASC LIMIT $3 OFFSET $4`,
      [from, to, pageSize, (page - 1) * pageSize],
    );
    return rows.map((r) => ({
      update_id: r.id,
      service_request_id: r.tracking_number,
      status: fmsStatus(r.status, r.reason),
      updated_datetime: r.created_at.toISOString(),
      description: STATUS_TEXT[r.status] ?? 'Status laporan berubah.',
      media_url: null,
      // open/closed as plain Open311 readers understand it, next to FixMyStreet's finer state.
      open311_status: open311Status(r.status),
    }));
  }

  /**
   * A POSTed request becomes a post of the `open311` channel and goes through the same intake as
   * any post (classified, routed, tracked). Returns the case's tracking number as the request id.
   */
  async create(req: NewRequest, apiKeyId: string): Promise<{ service_request_id: string; service_notice: string; account_id: null }> {
    const services = await this.services();
    const service = services.find((s) => s.service_code === req.service_code);
    if (!service) throw new Open311Error(400, `service_code ${req.service_code} is not a known service`);
    const account = await this.channelAccount();
    const externalId = randomUUID();
    const text = req.description?.trim() || `${service.service_name}${req.address_string ? ` di ${req.address_string}` : ''}`;
    const name = [req.first_name, req.last_name].filter(Boolean).join(' ').trim() || null;
    const saved = await this.ds.getRepository(Post).save(
      this.ds.getRepository(Post).create({
        platform: 'open311',
        accountId: account.id,
        externalId,
        dedupeKey: `open311:${externalId}`,
        kind: 'post',
        // 'unknown' keeps a request from joining another's case as a thread follow-up.
        authorId: 'unknown',
        authorName: name,
        authorUsername: null,
        text,
        textTruncated: false,
        permalink: null,
        lang: 'id',
        parentExternalId: null,
        rootExternalId: null,
        postedAt: new Date(),
        editedAt: null,
        replyTarget: {},
        raw: {
          service_code: req.service_code,
          location: { lat: req.lat, long: req.long, address_string: req.address_string, address_id: req.address_id, media_url: req.media_url },
          attributes: req.attributes,
          // Contact details are for the staff handling the case; Open311 readers never get them.
          contact: { email: req.email, phone: req.phone, device_id: req.device_id, account_id: req.account_id },
          apiKeyId,
        },
        processingState: 'pending',
      }),
    );
    const caseId = await this.awaitCase(saved.id);
    const [row] = await this.ds.query<Array<{ tracking_number: string }>>(`SELECT tracking_number FROM cases WHERE id = $1`, [caseId]);
    return { service_request_id: row.tracking_number, service_notice: 'Laporan diterima. Simpan nomor ini untuk memantau tindak lanjutnya.', account_id: null };
  }

  /** Runs the intake; another instance may hold the post in its batch (SKIP LOCKED), so wait for it briefly. */
  private async awaitCase(postId: string): Promise<string> {
    for (let i = 0; i < 50; i++) {
      await this.intake.processPending();
      const [p] = await this.ds.query<Array<{ case_id: string | null }>>(`SELECT case_id FROM posts WHERE id = $1`, [postId]);
      if (p?.case_id) return p.case_id;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Open311Error(400, 'General service error: the request was stored but its case is not open yet; try GET requests later');
  }

  /** The channel's account row (never polled: disabled), created on first use. */
  private async channelAccount(): Promise<ConnectorAccount> {
    const repo = this.ds.getRepository(ConnectorAccount);
    await repo
      .createQueryBuilder()
      .insert()
      .values(patch<ConnectorAccount>({ platform: 'open311', externalAccountId: OPEN311_ACCOUNT, handle: 'open311', displayName: 'Open311 (situs, aplikasi, kios)', enabled: false, settings: {} }))
      .orIgnore()
      .execute();
    return (await repo.findOneBy({ platform: 'open311', externalAccountId: OPEN311_ACCOUNT }))!;
  }
}
