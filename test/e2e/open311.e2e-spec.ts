import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { DataSource } from 'typeorm';
import { createCase } from '../factories/case.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Open311 GeoReport v2 as a validator sees it (SeeClickFix/open311-validator: discovery → services →
// definition → create → read, XML and JSON), checked against the georeport-v2 JSON Schemas
// in test/fixtures/open311 (see its README for where they come from).

const SCHEMAS = join(process.cwd(), 'test/fixtures/open311');
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
for (const f of readdirSync(SCHEMAS).filter((n) => n.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')) as object);
const valid = (schema: string, body: unknown): void => {
  const ok = ajv.validate(schema, body);
  if (!ok) throw new Error(`${schema}: ${ajv.errorsText()}\n${JSON.stringify(body).slice(0, 500)}`);
};
const xml = new XMLParser({ isArray: (name) => ['service', 'request', 'attribute', 'value', 'error', 'endpoint', 'format', 'request_update'].includes(name), parseTagValue: false });

describe('e2e: Open311 GeoReport v2 server', () => {
  let t: TestApp;
  let admin: string;
  let op: string;
  let key: string;
  const base = '/open311/v2';

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin');
    op = await t.tokenFor('operator');
    const res = await t.http().post('/api/api-keys').set('authorization', `Bearer ${admin}`).send({ name: 'Situs Pemkab', rateLimitPerMin: 1000 }).expect(201);
    key = res.body.key as string;
  });
  afterAll(() => t.close());

  const create = (fields: Record<string, string>, format = 'json') => t.http().post(`${base}/requests.${format}`).type('form').send(fields);

  it('should answer discovery in both formats with contact, key service and an XML endpoint', async () => {
    const j = await t.http().get(`${base}/discovery.json`).expect(200).expect('content-type', /application\/json/);
    expect(j.body.contact).toBeTruthy();
    expect(j.body.key_service).toBeTruthy();
    expect(new Date(j.body.changeset as string).getTime()).toBeLessThan(Date.now());
    expect(j.body.endpoints[0].formats).toEqual(expect.arrayContaining(['text/xml', 'application/json']));
    const x = await t.http().get(`${base}/discovery.xml`).expect(200).expect('content-type', /text\/xml/);
    const d = xml.parse(x.text).discovery;
    expect(d.contact).toBe(j.body.contact);
    expect(d.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(d.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });

  it('should list one service per active OPD, valid against the schema, the same in XML', async () => {
    const j = await t.http().get(`${base}/services.json`).expect(200);
    valid('services.json', j.body);
    const codes = (j.body as Array<{ service_code: string }>).map((s) => s.service_code);
    expect(codes).toEqual(expect.arrayContaining(['DPUPR', 'DLH', 'DISKOMINFO']));
    const x = xml.parse((await t.http().get(`${base}/services.xml`).expect(200)).text);
    expect(x.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(codes);
    expect(x.services.service[0].metadata).toBe('true');
  });

  it('should give each service a definition whose kecamatan values come from the region', async () => {
    const j = await t.http().get(`${base}/services/DPUPR.json`).expect(200);
    valid('service-definition.json', j.body);
    expect(j.body.attributes[0].values.length).toBe(t.config.region.districts.length);
    const x = xml.parse((await t.http().get(`${base}/services/DPUPR.xml`).expect(200)).text);
    expect(x.service_definition.service_code).toBe('DPUPR');
    expect(x.service_definition.attributes.attribute[0].values.value.length).toBe(t.config.region.districts.length);
  });

  it('should turn a POSTed request into a routed case, readable by id with PII masked and the location kept', async () => {
    const res = await create({
      api_key: key,
      service_code: 'DPUPR',
      lat: '-5.2231',
      long: '120.2529',
      address_string: 'Jl. Persatuan Raya depan SD 12',
      email: 'warga@example.com',
      first_name: 'Budi',
      description: 'Jalan berlubang besar di Jl. Persatuan Raya depan SD 12, sudah dua minggu, motor sering jatuh. Hubungi saya 0812-3456-7890.',
    }).expect(201);
    valid('request-created.json', res.body);
    const id = res.body[0].service_request_id as string;
    expect(id).toMatch(/^SW-\d{4}-\d{6}$/);

    const one = await t.http().get(`${base}/requests/${id}.json`).expect(200);
    valid('requests.json', one.body);
    const r = one.body[0];
    expect(r).toMatchObject({ service_request_id: id, status: 'open', lat: -5.2231, long: 120.2529, address: 'Jl. Persatuan Raya depan SD 12' });
    expect(r.description).toContain('[telepon disamarkan]');
    expect(r.description).not.toContain('3456-7890');
    expect(JSON.stringify(one.body)).not.toMatch(/Budi|warga@example/);
    expect(r.expected_datetime).toBeTruthy();
    expect(Date.parse(r.updated_datetime as string)).toBeGreaterThanOrEqual(Date.parse(r.requested_datetime as string));
    // The staff's view: the same case, in DPUPR's inbox (or triage if the classifier disagreed).
    const list = await t.http().get(`/api/cases?q=${id}`).set('authorization', `Bearer ${op}`).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].post.platform).toBe('open311');
    expect(['DPUPR', 'DISKOMINFO']).toContain(list.body.items[0].opd.code);
    if (list.body.items[0].opd.code === 'DPUPR') expect(r.agency_responsible).toBe(list.body.items[0].opd.name);

    const x = xml.parse((await t.http().get(`${base}/requests/${id}.xml`).expect(200)).text);
    expect(x.service_requests.request[0].service_request_id).toBe(id);
    expect(x.service_requests.request[0].status).toBe('open');
  });

  it('should show the answer and the closing through requests/{id} and servicerequestupdates', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const res = await create({ api_key: key, service_code: 'DPUPR', address_string: 'Desa Lappadata', description: 'Jembatan kayu di Desa Lappadata rusak parah, papan lantainya patah.' }).expect(201);
    const id = res.body[0].service_request_id as string;
    const c = (await t.http().get(`/api/cases?q=${id}`).set('authorization', `Bearer ${op}`).expect(200)).body.items[0];
    const act = (path: string, token: string, body: object) => t.http().post(`/api/cases/${c.id}/${path}`).set('authorization', `Bearer ${token}`).send(body).expect(200);
    let v = c;
    if (v.status === 'perlu_ditinjau') v = (await act('reroute', op, { version: v.version, opdCode: 'DPUPR', reason: 'jembatan' })).body;
    const dpupr = await t.tokenFor('opd', ['DPUPR']);
    v = (await act('accept', dpupr, { version: v.version })).body;
    v = (await act('finish', dpupr, { version: v.version, summary: 'Papan jembatan sudah diganti tim UPTD.' })).body;
    let r = (await t.http().get(`${base}/requests/${id}.json`).expect(200)).body[0];
    expect(r.status).toBe('open');
    expect(r.status_notes).toBeNull(); // not validated yet: nothing public
    await act('validate', op, { version: v.version });
    r = (await t.http().get(`${base}/requests/${id}.json`).expect(200)).body[0];
    expect(r).toMatchObject({ status: 'closed', status_notes: 'Papan jembatan sudah diganti tim UPTD.', agency_responsible: expect.stringMatching(/Pekerjaan Umum/) });

    const u = await t.http().get(`${base}/servicerequestupdates.json`).query({ start_date: since }).expect(200);
    valid('request-updates.json', u.body);
    const mine = (u.body as Array<{ service_request_id: string; status: string }>).filter((x) => x.service_request_id === id).map((x) => x.status);
    expect(mine[mine.length - 1]).toBe('fixed');
    expect(mine).toContain('in_progress');
    const ux = xml.parse((await t.http().get(`${base}/servicerequestupdates.xml`).query({ start_date: since }).expect(200)).text);
    expect(ux.service_request_updates.request_update.length).toBe(u.body.length);

    const closed = await t.http().get(`${base}/requests.json`).query({ status: 'closed', service_code: 'DPUPR' }).expect(200);
    valid('requests.json', closed.body);
    expect(closed.body.map((x: { service_request_id: string }) => x.service_request_id)).toContain(id);
    const open = await t.http().get(`${base}/requests.json`).query({ status: 'open' }).expect(200);
    expect(open.body.map((x: { service_request_id: string }) => x.service_request_id)).not.toContain(id);
  });

  it('should never show private cases (WhatsApp) and should page the list', async () => {
    const wa = await createCase(t.app, { platform: 'whatsapp', text: 'jalan rusak rahasia 081299998888' });
    const pub = await createCase(t.app, { platform: 'x', text: 'lampu jalan mati di Kec. Sinjai Utara' });
    const all = (await t.http().get(`${base}/requests.json`).expect(200)).body as Array<{ service_request_id: string }>;
    const ids = all.map((x) => x.service_request_id);
    expect(ids).toContain(pub.trackingNumber);
    expect(ids).not.toContain(wa.trackingNumber);
    await t.http().get(`${base}/requests/${wa.trackingNumber}.json`).expect(404);
    const p1 = (await t.http().get(`${base}/requests.json`).query({ page_size: 1, page: 1 }).expect(200)).body;
    const p2 = (await t.http().get(`${base}/requests.json`).query({ page_size: 1, page: 2 }).expect(200)).body;
    expect(p1).toHaveLength(1);
    expect(p2).toHaveLength(1);
    expect(p1[0].service_request_id).not.toBe(p2[0].service_request_id);
    const byId = (await t.http().get(`${base}/requests.json`).query({ service_request_id: `${pub.trackingNumber},${wa.trackingNumber}`, status: 'closed' }).expect(200)).body;
    expect(byId.map((x: { service_request_id: string }) => x.service_request_id)).toEqual([pub.trackingNumber]);
  });

  it.each([
    ['a wrong key', { api_key: 'sw311_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', service_code: 'DPUPR', address_string: 'x', description: 'jalan rusak' }, 403],
    ['no key', { service_code: 'DPUPR', address_string: 'x', description: 'jalan rusak' }, 403],
    ['an unknown service', { service_code: 'NOPE', address_string: 'x', description: 'jalan rusak' }, 400],
    ['no service', { address_string: 'x', description: 'jalan rusak' }, 400],
    ['no location', { service_code: 'DPUPR', description: 'jalan rusak' }, 400],
    ['lat without long', { service_code: 'DPUPR', lat: '-5.1', description: 'jalan rusak' }, 400],
    ['a description over 4,000 characters', { service_code: 'DPUPR', address_string: 'x', description: 'a'.repeat(4001) }, 400],
    ['an unknown attribute', { service_code: 'DPUPR', address_string: 'x', description: 'jalan rusak', 'attribute[foo]': 'bar' }, 400],
  ])('should refuse a POST with %s in the spec’s error shape, storing nothing', async (_what, fields, status) => {
    const before = (await t.http().get(`${base}/requests.json`).expect(200)).body.length;
    const withKey = 'api_key' in fields || status === 403 ? fields : { api_key: key, ...fields };
    const res = await create(withKey as Record<string, string>).expect(status);
    valid('errors.json', res.body);
    expect(res.body[0].code).toBe(status);
    const x = await create(withKey as Record<string, string>, 'xml').expect(status);
    expect(xml.parse(x.text).errors.error[0].code).toBe(String(status));
    expect((await t.http().get(`${base}/requests.json`).expect(200)).body.length).toBe(before);
  });

  it.each([
    [`${base}/requests/SW-2026-999999.json`, 404],
    [`${base}/requests/nonsense.xml`, 404],
    [`${base}/services/NOPE.json`, 404],
    [`${base}/tokens/123.json`, 404],
    [`${base}/requests.json?start_date=yesterday`, 400],
    [`${base}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`, 400],
    [`${base}/requests.json?status=pending`, 400],
    [`${base}/requests.yaml`, 404],
  ])('should answer GET %s with %i in the spec’s error shape', async (path, status) => {
    const res = await t.http().get(path).expect(status);
    if (path.includes('.json')) valid('errors.json', res.body);
    else expect(xml.parse(res.text).errors.error[0].code).toBe(String(status));
  });

  it('should show a key once, store it hashed, audit it, refuse it once revoked and limit it per minute', async () => {
    const auth = { authorization: `Bearer ${admin}` };
    const made = await t.http().post('/api/api-keys').set(auth).send({ name: 'Kios Kecamatan', rateLimitPerMin: 2 }).expect(201);
    const plain = made.body.key as string;
    const listed = await t.http().get('/api/api-keys').set(auth).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(plain);
    const [row] = await t.get(DataSource).query<Array<{ key_hash: string }>>(`SELECT key_hash FROM api_keys WHERE id = $1`, [made.body.id]);
    expect(row.key_hash).not.toContain(plain.split('_')[2]);
    await t.http().post('/api/api-keys').set('authorization', `Bearer ${op}`).send({ name: 'x' }).expect(403);

    const fields = { api_key: plain, service_code: 'DLH', address_string: 'Pasar Sentral', description: 'Sampah menumpuk di Pasar Sentral sudah tiga hari tidak diangkut.' };
    // Windows are calendar minutes: five quick requests at 2 a minute meet a 429 even across a boundary.
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await create(fields));
    expect(answers.slice(0, 2).map((r) => r.status)).toEqual([201, 201]);
    const limited = answers.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    valid('errors.json', limited.body);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    await t.http().post(`/api/api-keys/${made.body.id}/revoke`).set(auth).expect(200);
    await create(fields).expect(403);
    const audit = await t.get(DataSource).query<Array<{ action: string }>>(`SELECT action FROM audit_log WHERE target_type = 'api_key' AND target_id = $1 ORDER BY id`, [made.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['api_key.created', 'api_key.revoked']);
  });
});
