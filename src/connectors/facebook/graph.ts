import { createHmac } from 'node:crypto';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import type { HealthStatus, RateLimitSnapshot } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { networkError, parseJsonBody } from '../http-client.factory.js';
import { classifyGraphResponse, graphUsage } from './facebook.errors.js';
import type { GraphList, ScanState } from './facebook.types.js';

const MAX_EMPTY_PAGES = 25;
const MAX_STEPS = 2000;
/** Beyond this many pages a lost listing starts over instead of being walked again in one call. */
const MAX_REPLAY = 50;

// Graph API plumbing shared by the Facebook and Instagram connectors (same host family, auth,
// error envelope and cursor paging: platform-apis.md §1.2, §1.5, §2.1).

/** Meta REST time "2026-03-01T10:15:30+0000", a Unix-seconds number/string (webhooks) → epoch ms. */
export function parseMetaTime(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v * 1000 : undefined;
  if (typeof v !== 'string' || !v) return undefined;
  if (/^\d{9,11}$/.test(v)) return Number(v) * 1000;
  // Strict parsers want a colon in the offset (§6.3).
  const ms = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : undefined;
}

export const toSec = (ms: number): number => Math.floor(ms / 1000);
export const metaSec = (v: unknown): number | undefined => {
  const ms = parseMetaTime(v);
  return ms === undefined ? undefined : toSec(ms);
};

/** A structural check of a Graph list page; ids must be strings (they exceed 2^53, §6.4 #20). */
export function isGraphList(body: unknown): body is GraphList<{ id: string }> {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.data)) return false;
  if (b.paging !== undefined && (typeof b.paging !== 'object' || b.paging === null)) return false;
  return b.data.every(
    (d) => typeof d === 'object' && d !== null && typeof (d as { id?: unknown }).id === 'string',
  );
}

/**
 * Where the `next` URL of a scan in progress lives between two fetchSince calls: in memory only,
 * never in the stored cursor (Graph cursors die with deleted items, §1.5). Lost on restart, in
 * which case the scan starts again from its time watermark.
 */
export interface PagingMemo {
  get(key: string): string | undefined;
  set(key: string, url: string): void;
}

export interface GraphConnectorOptions {
  now?: () => Date;
  /** Where `paging.next` waits between calls; the factory shares one per account across runs. */
  memo?: PagingMemo;
}

/** Keeps the latest entry only: one account runs one scan at a time. */
export class SingleSlotMemo implements PagingMemo {
  private slot?: { key: string; url: string };
  get(key: string): string | undefined {
    return this.slot?.key === key ? this.slot.url : undefined;
  }
  set(key: string, url: string): void {
    this.slot = { key, url };
  }
}

export const newScan = (until?: number): ScanState => ({
  step: 0,
  restarts: 0,
  empty: 0,
  recent: [],
  ...(until ? { until } : {}),
});

/** Records an item's time in the scan: min/max and the ids within the overlap window below max. */
export function noteSeen(scan: ScanState, id: string, sec: number | undefined, overlapSec: number): void {
  if (sec === undefined) return;
  scan.min = scan.min === undefined ? sec : Math.min(scan.min, sec);
  scan.max = scan.max === undefined ? sec : Math.max(scan.max, sec);
  if (!scan.recent.some(([i]) => i === id)) scan.recent.push([id, sec]);
  const floor = scan.max - overlapSec;
  scan.recent = scan.recent.filter(([, t]) => t >= floor);
}

/** Merges a finished scan into a stored watermark + seen set (§1.6 steps 4–5). */
export function mergeWatermark(
  wm: number | undefined,
  seen: string[] | undefined,
  scan: ScanState,
  overlapSec: number,
): { wm?: number; seen: string[] } {
  const next = Math.max(wm ?? -Infinity, scan.max ?? -Infinity);
  if (!Number.isFinite(next)) return { wm, seen: seen ?? [] };
  // Old seen ids lie in [wm − overlap, wm]; they only matter while that range meets the new window.
  const keepOld = wm !== undefined && wm >= next - overlapSec ? (seen ?? []) : [];
  const fresh = scan.recent.filter(([, t]) => t >= next - overlapSec).map(([i]) => i);
  return { wm: next, seen: [...new Set([...keepOld, ...fresh])] };
}

export interface GraphAuth {
  token?: string;
  /** appsecret_proof hardening (§1.2), sent when the app secret is configured. */
  appSecret?: string;
}

/** One Graph call at a time: auth, error classification, JSON parsing and usage headers. */
export class GraphClient {
  lastUsage?: RateLimitSnapshot;

  constructor(
    private readonly http: AxiosInstance,
    private readonly auth: GraphAuth,
    private readonly label: string,
    private readonly now: () => Date,
  ) {}

  private proof(): Record<string, string> {
    if (!this.auth.appSecret || !this.auth.token) return {};
    return {
      appsecret_proof: createHmac('sha256', this.auth.appSecret).update(this.auth.token).digest('hex'),
    };
  }

  private headers(): Record<string, string> {
    if (!this.auth.token)
      throw new ConnectorError('auth_expired', `${this.label}: no access token configured for this account`);
    return { Authorization: `Bearer ${this.auth.token}` };
  }

  /** A `paging.next` URL is followed verbatim, minus its token, and only on the configured host. */
  private followable(next: string): string {
    let u: URL;
    try {
      u = new URL(next);
    } catch {
      throw new ConnectorError('malformed_response', `${this.label}: paging.next is not a URL`);
    }
    const base = new URL(String(this.http.defaults.baseURL));
    if (u.origin !== base.origin)
      throw new ConnectorError('malformed_response', `${this.label}: paging.next points to another host`);
    u.searchParams.delete('access_token');
    for (const [k, v] of Object.entries(this.proof())) u.searchParams.set(k, v);
    return u.toString();
  }

  /** GET a path (relative to base URL + version) with params, or an absolute `next` URL. */
  get(
    pathOrNext: string,
    params: Record<string, string | number> | undefined,
    what: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const absolute = /^https?:\/\//i.test(pathOrNext);
    return this.send(
      {
        method: 'GET',
        url: absolute ? this.followable(pathOrNext) : pathOrNext,
        params: absolute ? undefined : { ...params, ...this.proof() },
        signal,
      },
      what,
    );
  }

  /** POST form fields (Graph accepts `message=` as a form field, §1.3c). */
  post(path: string, form: Record<string, string>, what: string, signal?: AbortSignal): Promise<unknown> {
    return this.send(
      { method: 'POST', url: path, data: new URLSearchParams({ ...form, ...this.proof() }), signal },
      what,
    );
  }

  private async send(config: AxiosRequestConfig, what: string): Promise<unknown> {
    let res: AxiosResponse<string>;
    try {
      res = await this.http.request<string>({ ...config, headers: this.headers() });
    } catch (e) {
      throw networkError(e, what);
    }
    const now = this.now();
    this.lastUsage = graphUsage(res, now.getTime()) ?? this.lastUsage;
    const err = classifyGraphResponse(res, what, now);
    if (err) throw err;
    return parseJsonBody(res, what);
  }
}

/** Ids go into URL paths: only Graph-shaped ids (digits, `_` between parts) are accepted. */
export function validGraphId(id: string, what: string): string {
  if (typeof id !== 'string' || !/^\d{1,40}(_\d{1,40}){0,2}$/.test(id))
    throw new ConnectorError('invalid_request', `${what}: not a Graph id`);
  return id;
}

/** Reply texts compare equal whatever the platform did to whitespace and Unicode forms. */
export const sameText = (a: unknown, b: string): boolean =>
  typeof a === 'string' &&
  a.normalize('NFC').replace(/\s+/g, ' ').trim() === b.normalize('NFC').replace(/\s+/g, ' ').trim();

/** health(): one cheap authenticated read, plus the last usage headers (§6.1). */
export async function graphHealth(
  graph: GraphClient,
  path: string,
  fields: string,
  expectedId: string,
  what: string,
  now: () => Date,
): Promise<HealthStatus> {
  const checkedAt = now().toISOString();
  try {
    const body = (await graph.get(path, { fields }, what)) as { id?: unknown } | null;
    if (typeof body?.id !== 'string')
      return { state: 'degraded', checkedAt, detail: `${what}: unexpected body` };
    const pct = graph.lastUsage?.usagePercent;
    if (pct !== undefined && pct >= 90)
      return { state: 'degraded', checkedAt, detail: `API usage at ${pct}% of quota` };
    // A system-user token answers /me with the user, not the Page: worth showing, not an error.
    return {
      state: 'ok',
      checkedAt,
      ...(body.id !== expectedId ? { detail: `token identity ${body.id}` } : {}),
    };
  } catch (e) {
    const err = networkError(e, what);
    const state: HealthStatus['state'] =
      err.kind === 'auth_expired'
        ? 'auth_expired'
        : err.kind === 'permission'
          ? 'permission_missing'
          : err.kind === 'rate_limited' || err.kind === 'quota_exhausted'
            ? 'rate_limited'
            : 'down';
    return { state, checkedAt, detail: err.message, retryAt: err.retryAt?.toISOString() };
  }
}

/**
 * Pages through one Graph listing, one page per call: the first page by path + params, the
 * following ones by the `next` URL kept in the memo under `prefix|restarts|step`.
 */
export class Pager {
  constructor(
    private readonly graph: GraphClient,
    private readonly memo: PagingMemo,
  ) {}

  private key(prefix: string, scan: ScanState, step: number): string {
    return `${prefix}|${scan.restarts}|${step}`;
  }

  async page<T>(
    prefix: string,
    scan: ScanState,
    path: string,
    params: Record<string, string | number>,
    what: string,
    signal?: AbortSignal,
  ): Promise<GraphList<T>> {
    const get = async (url: string, p?: Record<string, string | number>): Promise<GraphList<T>> => {
      const body = await this.graph.get(url, p, what, signal);
      if (!isGraphList(body))
        throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
      return body as unknown as GraphList<T>;
    };
    const next = scan.step > 0 ? this.memo.get(this.key(prefix, scan, scan.step)) : undefined;
    if (next) return get(next);
    if (scan.step === 0 || scan.step > MAX_REPLAY) {
      scan.step = 0;
      return get(path, params);
    }
    // The `next` URL was lost (another process, a restart): walk again to where the listing stood,
    // in this one call, handing back every item on the way (the upsert absorbs the repeats). One
    // page per call would start over on every call and never get past the first pages.
    let page = await get(path, params);
    const data = [...page.data];
    for (let i = 0; i < scan.step && page.paging?.next; i++) {
      page = await get(page.paging.next);
      data.push(...page.data);
    }
    return { ...page, data };
  }

  /** True if the listing goes on. End = no `paging.next`; an empty page with one keeps going (§1.5). */
  advance(
    prefix: string,
    scan: ScanState,
    page: GraphList<unknown>,
    warnings: string[],
    what: string,
  ): boolean {
    const next = page.paging?.next;
    if (typeof next !== 'string' || !next) return false;
    scan.empty = page.data.length ? 0 : scan.empty + 1;
    if (scan.empty > MAX_EMPTY_PAGES || scan.step >= MAX_STEPS) {
      warnings.push(
        `possible gap: stopped listing ${what} after ${scan.step + 1} pages (${scan.empty} empty in a row)`,
      );
      return false;
    }
    scan.step++;
    this.memo.set(this.key(prefix, scan, scan.step), next);
    return true;
  }
}

/** Pages through a list (at most `maxPages`) for the first item that matches; §6.5 lookups. */
export async function findInList<T extends { id: string }>(
  graph: GraphClient,
  path: string,
  params: Record<string, string | number>,
  match: (item: T) => boolean,
  what: string,
  signal?: AbortSignal,
  maxPages = 10,
): Promise<T | undefined> {
  let next: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const body = await graph.get(next ?? path, next ? undefined : params, what, signal);
    if (!isGraphList(body)) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
    const hit = (body.data as unknown as T[]).find(match);
    if (hit) return hit;
    next = body.paging?.next;
    if (!next) return undefined;
  }
  return undefined;
}

/** A by-id read of an object that is gone: code 100 (subcode 33 ⚠️ §1.8) or 803. */
export const isGoneError = (e: unknown): boolean =>
  e instanceof ConnectorError && (e.kind === 'not_found' || /^(100|803)(\/|$)/.test(String(e.platformCode)));

/**
 * A Graph error that says the object does not exist (code 100 subcode 33 / "does not exist", or
 * 803), as opposed to a bare HTTP 404 from something in between, which proves nothing.
 */
export const isDefinitelyGone = (e: unknown): boolean =>
  e instanceof ConnectorError && e.kind === 'not_found' && /^(100|803)(\/|$)/.test(String(e.platformCode));

// Multi-id reads take at most 50 ids a call (§1.3a: "(#100) Too many IDs. Maximum: 50").
export const GRAPH_IDS_PER_CALL = 50;

/** The ids a Graph "do not exist" error names ("(#803) Some of the aliases you requested do not exist: a,b"). */
function namedMissing(e: unknown, asked: string[]): string[] {
  const m = /do not exist:\s*([\d_,\s]+)/i.exec(e instanceof Error ? e.message : '');
  if (!m) return [];
  const named = new Set(m[1].split(/[,\s]+/).filter(Boolean));
  return asked.filter((id) => named.has(id));
}

/**
 * Reads objects by id, `GET /?ids=a,b,…&fields=…` (§1.3a), 50 a call. Graph fails the whole call
 * when one id is gone: the ids its error names are gone and the rest is asked again; an error that
 * names none is bisected down to the one id, whose own "does not exist" is then definite. Any other
 * error (throttle, permission, auth) is thrown: it never marks anything gone. Each id counts as one
 * call toward Meta's rate limits (§1.3a) even though it is one HTTP request.
 */
export async function readByIds<T extends { id?: unknown }>(
  graph: GraphClient,
  ids: string[],
  fields: string,
  what: string,
  signal?: AbortSignal,
): Promise<{ found: Map<string, T>; gone: Set<string> }> {
  const found = new Map<string, T>();
  const gone = new Set<string>();
  const read = async (batch: string[]): Promise<void> => {
    let body: unknown;
    try {
      body = await graph.get('/', { ids: batch.join(','), fields }, what, signal);
    } catch (e) {
      if (!isDefinitelyGone(e)) throw e;
      const named = namedMissing(e, batch);
      if (batch.length === 1 && !named.length) named.push(batch[0]);
      if (named.length) {
        named.forEach((id) => gone.add(id));
        const rest = batch.filter((id) => !gone.has(id));
        if (rest.length) await read(rest);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await read(batch.slice(0, half));
      await read(batch.slice(half));
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
    const byId = body as Record<string, unknown>;
    for (const id of batch) {
      const v = byId[id];
      // `false` is Graph's answer for an object it will not return any more.
      if (v === false) gone.add(id);
      else if (typeof v === 'object' && v !== null && typeof (v as T).id === 'string') found.set(id, v as T);
    }
  };
  const valid = [...new Set(ids.filter((id) => /^\d{1,40}(_\d{1,40}){0,2}$/.test(id)))];
  for (let i = 0; i < valid.length; i += GRAPH_IDS_PER_CALL) await read(valid.slice(i, i + GRAPH_IDS_PER_CALL));
  return { found, gone };
}
