import { Open311Error } from './open311.format.js';
import type { NewRequest, RequestQuery } from './open311.service.js';

// Reading Open311 arguments (§1.5, §1.6). "Optional" means an empty value is the same as none.
// Request bodies are hostile input: every field is checked before anything is stored.

type Bag = Record<string, unknown>;

function one(q: Bag, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Open311Error(400, `${name} must be given once, as text`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

function list(q: Bag, name: string): string[] | undefined {
  const v = one(q, name);
  if (!v) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > 100) throw new Open311Error(400, `${name} lists more than 100 values`);
  return items.length ? items : undefined;
}

// W3C-note ISO 8601 with the time zone the spec requires (§1.1).
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function date(q: Bag, name: string): Date | undefined {
  const v = one(q, name);
  if (!v) return undefined;
  const d = new Date(v);
  if (!DATE.test(v) || Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} must be an ISO 8601 date-time with a time zone, e.g. 2026-01-01T00:00:00Z`);
  return d;
}

function int(q: Bag, name: string, dflt: number, max: number): number {
  const v = one(q, name);
  if (!v) return dflt;
  if (!/^\d{1,7}$/.test(v) || Number(v) < 1 || Number(v) > max) throw new Open311Error(400, `${name} must be a whole number from 1 to ${max}`);
  return Number(v);
}

/** GET requests: service_request_id overrides every other argument; first 1000 by default. */
export function parseRequestQuery(q: Bag): RequestQuery {
  const page = int(q, 'page', 1, 100_000);
  const pageSize = int(q, 'page_size', 1000, 1000);
  const ids = list(q, 'service_request_id');
  if (ids) return { ids: ids.map((s) => s.toUpperCase()), page, pageSize };
  const statuses = list(q, 'status')?.map((s) => s.toLowerCase());
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open, closed or both (comma-separated)');
  return { serviceCodes: list(q, 'service_code'), statuses: statuses as RequestQuery['statuses'], start: date(q, 'start_date'), end: date(q, 'end_date'), page, pageSize };
}

export function parseUpdatesQuery(q: Bag): { start?: Date; end?: Date; page: number; pageSize: number } {
  return { start: date(q, 'start_date'), end: date(q, 'end_date'), page: int(q, 'page', 1, 100_000), pageSize: int(q, 'page_size', 1000, 1000) };
}

function text(b: Bag, name: string, max: number): string | undefined {
  const v = one(b, name);
  if (v && v.length > max) throw new Open311Error(400, `${name} is limited to ${max} characters`);
  // NUL and other control characters (but line breaks and tabs) never reach the database.
   
  return v?.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

function coordinate(b: Bag, name: string, limit: number): number | undefined {
  const v = one(b, name);
  if (!v) return undefined;
  const n = Number(v);
  if (!/^-?\d{1,3}(?:\.\d{1,12})?$/.test(v) || Math.abs(n) > limit) throw new Open311Error(400, `${name} must be a WGS84 ${name === 'lat' ? 'latitude' : 'longitude'} in decimal degrees`);
  return n;
}

/** POST requests (§1.5): service_code and a location are required, description at most 4,000 characters. */
export function parseNewRequest(body: unknown, kecamatanKeys: string[]): NewRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Open311Error(400, 'the request body must be form-encoded fields');
  const b = body as Bag;
  const service_code = one(b, 'service_code');
  if (!service_code) throw new Open311Error(400, 'service_code was not provided');
  const lat = coordinate(b, 'lat', 90);
  const long = coordinate(b, 'long', 180);
  if ((lat === undefined) !== (long === undefined)) throw new Open311Error(400, 'lat and long must be sent together');
  const address_string = text(b, 'address_string', 500);
  const address_id = text(b, 'address_id', 100);
  if (lat === undefined && !address_string && !address_id) throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');
  const media_url = text(b, 'media_url', 2000);
  if (media_url && !/^https?:\/\/[^\s]+$/i.test(media_url)) throw new Open311Error(400, 'media_url must be an http(s) URL');
  const email = text(b, 'email', 254);
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Open311Error(400, 'email is not an e-mail address');
  const attrs = b.attribute;
  if (attrs !== undefined && (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs))) throw new Open311Error(400, 'attribute must be sent as attribute[code]=value');
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((attrs ?? {}) as Bag)) {
    if (k !== 'kecamatan') throw new Open311Error(400, `attribute[${k.slice(0, 50)}] is not an attribute of this service`);
    if (typeof v !== 'string' || (v !== '' && !kecamatanKeys.includes(v))) throw new Open311Error(400, 'attribute[kecamatan] must be one of the keys listed in the service definition');
    if (v) attributes[k] = v;
  }
  return {
    service_code,
    lat,
    long,
    address_string,
    address_id,
    description: text(b, 'description', 4000),
    media_url,
    email,
    phone: text(b, 'phone', 40),
    first_name: text(b, 'first_name', 100),
    last_name: text(b, 'last_name', 100),
    device_id: text(b, 'device_id', 200),
    account_id: text(b, 'account_id', 200),
    attributes,
  };
}
