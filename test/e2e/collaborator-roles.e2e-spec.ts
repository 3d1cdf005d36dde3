import { DataSource } from 'typeorm';
import { Case } from '../../src/cases/case.entity.js';
import type { CaseStatus } from '../../src/cases/case.types.js';
import { createCase } from '../factories/case.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 13 §1: a helper OPD is a helper, not an owner. Every case route (cases.controller.ts and
// case-actions.controller.ts) × every kind of caller, through real HTTP on a real PostgreSQL.
// The case belongs to DPUPR; DLH was asked to help; PDAM has nothing to do with it.
type Who = 'owner' | 'collaborator' | 'otherOpd' | 'operator' | 'pimpinan';
// 422: allowed, but refused for the case's state or the deployment (LAPOR! not configured in tests).
type Want = 'ok' | 403 | 404 | 422;

interface Action {
  name: string;
  /** The status the case must be in for the action to be possible at all. */
  status: CaseStatus;
  method: 'get' | 'post' | 'patch';
  path: (id: string) => string;
  body?: (c: Case, extra: { otherId: string }) => object;
  /** Whether a success changes the case itself (status, owner, version). */
  mutates: boolean;
  want: Record<Who, Want>;
}

const READ = { owner: 'ok', collaborator: 'ok', otherOpd: 404, operator: 'ok', pimpinan: 'ok' } as const;
const HELPER_OK = { owner: 'ok', collaborator: 'ok', otherOpd: 404, operator: 'ok', pimpinan: 403 } as const;
const OWNER_ONLY = { owner: 'ok', collaborator: 403, otherOpd: 404, operator: 'ok', pimpinan: 403 } as const;
const STAFF_ONLY = { owner: 403, collaborator: 403, otherOpd: 403, operator: 'ok', pimpinan: 403 } as const;
const ADMIN_ONLY = { owner: 403, collaborator: 403, otherOpd: 403, operator: 403, pimpinan: 403 } as const;

const ACTIONS: Action[] = [
  { name: 'GET /cases/:id', status: 'diproses', method: 'get', path: (id) => `/api/cases/${id}`, mutates: false, want: READ },
  { name: 'GET /cases/:id/reply-templates', status: 'diproses', method: 'get', path: (id) => `/api/cases/${id}/reply-templates`, mutates: false, want: READ },
  { name: 'GET /cases/:id/audit', status: 'diproses', method: 'get', path: (id) => `/api/cases/${id}/audit`, mutates: false, want: ADMIN_ONLY },
  { name: 'POST accept', status: 'didisposisikan', method: 'post', path: (id) => `/api/cases/${id}/accept`, body: (c) => ({ version: c.version }), mutates: true, want: OWNER_ONLY },
  { name: 'POST notes', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/notes`, body: () => ({ text: 'sudah dicek ke lokasi' }), mutates: false, want: HELPER_OK },
  { name: 'POST proposals', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/proposals`, body: () => ({ text: 'Usul: tim kami menambal jalan hari Kamis.' }), mutates: false, want: HELPER_OK },
  { name: 'POST replies', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/replies`, body: () => ({ text: 'Terima kasih, laporan sedang ditangani.' }), mutates: false, want: OWNER_ONLY },
  { name: 'POST finish', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/finish`, body: (c) => ({ version: c.version, summary: 'Jalan sudah ditambal' }), mutates: true, want: OWNER_ONLY },
  { name: 'POST validate', status: 'menunggu_validasi', method: 'post', path: (id) => `/api/cases/${id}/validate`, body: (c) => ({ version: c.version }), mutates: true, want: STAFF_ONLY },
  { name: 'POST return', status: 'menunggu_validasi', method: 'post', path: (id) => `/api/cases/${id}/return`, body: (c) => ({ version: c.version, reason: 'foto bukti belum ada' }), mutates: true, want: STAFF_ONLY },
  { name: 'POST reject', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/reject`, body: (c) => ({ version: c.version, reason: 'bukan_kewenangan' }), mutates: true, want: OWNER_ONLY },
  { name: 'POST reroute', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/reroute`, body: (c) => ({ version: c.version, opdCode: 'DLH', reason: 'urusan sampah' }), mutates: true, want: STAFF_ONLY },
  { name: 'POST relabel', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/relabel`, body: (c) => ({ version: c.version, sentiment: 'neutral' }), mutates: true, want: STAFF_ONLY },
  { name: 'POST help', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/help`, body: () => ({ opdCode: 'DINKES', note: 'mohon bantu cek genangan' }), mutates: true, want: OWNER_ONLY },
  { name: 'POST merge', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/merge`, body: (c, x) => ({ version: c.version, intoCaseId: x.otherId }), mutates: true, want: STAFF_ONLY },
  // The integration controller's case routes (issue 18): Diskominfo only.
  { name: 'POST lapor', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/lapor`, body: () => ({ anonim: true }), mutates: false, want: { owner: 403, collaborator: 403, otherOpd: 403, operator: 422, pimpinan: 403 } },
  { name: 'PATCH flags', status: 'diproses', method: 'patch', path: (id) => `/api/cases/${id}/flags`, body: () => ({ anonim: true }), mutates: false, want: STAFF_ONLY },
  { name: 'POST confidential', status: 'diproses', method: 'post', path: (id) => `/api/cases/${id}/confidential`, body: (c) => ({ version: c.version, confidential: true, reason: 'pelapor meminta dirahasiakan' }), mutates: true, want: STAFF_ONLY },
  { name: 'POST reopen', status: 'selesai', method: 'post', path: (id) => `/api/cases/${id}/reopen`, body: (c) => ({ version: c.version, reason: 'warga melapor lagi' }), mutates: true, want: STAFF_ONLY },
];

describe('e2e: owner, collaborator, other OPD, operator and pimpinan on every case action', () => {
  let t: TestApp;
  let ds: DataSource;
  const tokens = {} as Record<Who, string>;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.get(DataSource);
    tokens.owner = await t.tokenFor('opd', ['DPUPR']);
    tokens.collaborator = await t.tokenFor('opd', ['DLH']);
    tokens.otherOpd = await t.tokenFor('opd', ['PDAM']);
    tokens.operator = await t.tokenFor('operator');
    tokens.pimpinan = await t.tokenFor('pimpinan');
  });
  afterAll(() => t.close());

  it('should cover every route the case controllers declare', async () => {
    const { readFile } = await import('node:fs/promises');
    const routes = (src: string, prefix: string) => [...src.matchAll(/@(Get|Post|Patch)\('([^']+)'\)/g)].map((m) => `${m[1].toUpperCase()} ${prefix}${m[2]}`);
    const declared = [
      ...routes(await readFile('src/cases/case-actions.controller.ts', 'utf8'), '/api/cases/:id/'),
      ...routes(await readFile('src/cases/cases.controller.ts', 'utf8'), '/api/cases/'),
      // Case routes declared elsewhere (the integration controller's LAPOR! and flags).
      ...routes(await readFile('src/integration/integration.controller.ts', 'utf8'), '/api/').filter((r) => r.includes(' /api/cases/')),
    ].filter((r) => r !== 'GET /api/cases/export.csv');
    expect(declared.length).toBeGreaterThanOrEqual(15);
    const covered = ACTIONS.map((a) => `${a.method.toUpperCase()} ${a.path(':id')}`);
    for (const route of declared) expect(covered).toContain(route);
  });

  for (const a of ACTIONS)
    for (const who of Object.keys(a.want) as Who[])
      it(`${who} → ${a.name} → ${a.want[who]}`, async () => {
        const c = await createCase(t.app, { opdCode: 'DPUPR', status: a.status });
        await ds.getRepository(Case).update({ id: c.id }, { collaboratorOpdCodes: ['DLH'] });
        const before = await ds.getRepository(Case).findOneByOrFail({ id: c.id });
        const other = await createCase(t.app, { opdCode: 'DPUPR', status: 'diproses' });
        const r = t.http()[a.method](a.path(c.id)).set('authorization', `Bearer ${tokens[who]}`);
        const res = a.body ? await r.send(a.body(before, { otherId: other.id })) : await r;
        const after = await ds.getRepository(Case).findOneByOrFail({ id: c.id });
        if (a.want[who] === 'ok') {
          expect([200, 201]).toContain(res.status);
          if (a.mutates) expect(after.version).toBeGreaterThan(before.version);
        } else {
          expect(res.status).toBe(a.want[who]);
          expect(typeof res.body.message).toBe('string');
          // Refused means nothing changed: status, owner, collaborators and version as before.
          expect({ status: after.status, opd: after.opdCode, collaborators: after.collaboratorOpdCodes, version: after.version }).toEqual({
            status: before.status,
            opd: before.opdCode,
            collaborators: before.collaboratorOpdCodes,
            version: before.version,
          });
        }
      });

  it('should let the owner see the collaborator’s proposed answer and send it', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR', status: 'diproses' });
    await ds.getRepository(Case).update({ id: c.id }, { collaboratorOpdCodes: ['DLH'] });
    const text = 'Sampah di Jl. Persatuan akan diangkut besok pagi oleh DLH.';
    await t.http().post(`/api/cases/${c.id}/proposals`).set('authorization', `Bearer ${tokens.collaborator}`).send({ text }).expect(201);
    const seen = await t.http().get(`/api/cases/${c.id}`).set('authorization', `Bearer ${tokens.owner}`).expect(200);
    const proposal = seen.body.events.find((e: { type: string }) => e.type === 'answer_proposed');
    expect(proposal.data.text).toBe(text);
    expect(proposal.data.byOpd).toEqual(['DLH']);
    await t.http().post(`/api/cases/${c.id}/replies`).set('authorization', `Bearer ${tokens.owner}`).send({ text: proposal.data.text }).expect(201);
  });
});
