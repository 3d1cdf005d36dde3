import { DataSource } from 'typeorm';
import { createCase } from '../factories/case.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

interface ListBody {
  items: Array<{ id: string; trackingNumber: string }>;
  nextCursor: string | null;
  total: number;
}

// GET /api/cases?q= through HTTP on a real PostgreSQL: what people type finds the cases they mean
// (issue 14 §2). Each search below found nothing with the old 'simple' full-text search.
describe('case search', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string;
  const n: Record<string, string> = {};

  const search = async (q: string, extra: Record<string, string> = {}, token = operator): Promise<ListBody> => {
    const res = await t.http().get('/api/cases').query({ q, ...extra }).set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as ListBody;
  };
  const tracking = (b: ListBody): string[] => b.items.map((i) => i.trackingNumber).sort();

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.get(DataSource);
    operator = await t.tokenFor('operator');
    const make = async (key: string, text: string, opts: { opd?: string; author?: string; handle?: string; desa?: string; kecamatan?: string; tn: string }) => {
      const c = await createCase(t.app, { text, opdCode: opts.opd ?? 'DPUPR', authorName: opts.author ?? 'Warga Biasa' });
      await ds.query(`UPDATE cases SET tracking_number = $2, location_desa = $3, location_kecamatan = $4 WHERE id = $1`, [c.id, opts.tn, opts.desa ?? null, opts.kecamatan ?? null]);
      await ds.query(`UPDATE posts SET author_username = $2 WHERE id = $1`, [c.postId, opts.handle ?? `warga_${key}`]);
      n[key] = opts.tn;
    };
    await make('road', 'Kerusakan jalannya sudah sebulan tidak ada perbaikan', { tn: 'SW-2026-000011' });
    await make('lamp', 'Ada orang yang merusak lampu taman kota', { tn: 'SW-2026-000012' });
    await make('bridge', 'Kerusakan jembatan gantung, warga takut lewat', { opd: 'DLH', tn: 'SW-2026-000013' });
    await make('thanks', 'Terima kasih atas pelayanannya', { author: 'Nurhayati Lestari', handle: 'nurlestari_99', tn: 'SW-2026-000014' });
    await make('mention', 'Bu nurhayati sudah lapor ke kantor desa', { tn: 'SW-2026-000015' });
    await make('water', 'Air PDAM keruh tiga hari', { desa: 'Balakia', kecamatan: 'Sinjai Barat', tn: 'SW-2026-000016' });
    await make('tracked', 'Mohon info bantuan sosial', { tn: 'SW-2026-000083' });
    const wa = await createCase(t.app, { text: 'Rahasia: pungutan liar di kantor kelurahan, NIK saya 7307011234560001', platform: 'whatsapp' });
    n.private = wa.trackingNumber;
  });
  afterAll(() => t.close());

  it('should find "jalan rusak" in "Kerusakan jalannya" through the Indonesian stemmer', async () => {
    const body = await search('jalan rusak');
    expect(tracking(body)).toEqual([n.road]);
    expect(body.total).toBe(1);
  });

  it('should find every form of rusak ("kerusakan", "merusak") for "rusak" and for "merusak"', async () => {
    expect(tracking(await search('rusak'))).toEqual([n.road, n.lamp, n.bridge]);
    expect(tracking(await search('merusak'))).toEqual([n.road, n.lamp, n.bridge]);
  });

  it('should complete a word being typed ("jemb" finds "jembatan")', async () => {
    expect(tracking(await search('jemb'))).toEqual([n.bridge]);
  });

  it("should find a citizen's name and handle, the name match ranked above a text mention", async () => {
    const byName = await search('Nurhayati');
    expect(byName.items.map((i) => i.trackingNumber)).toEqual([n.thanks, n.mention]);
    expect(tracking(await search('@nurlestari'))).toEqual([n.thanks]);
  });

  it('should find a desa and a kecamatan', async () => {
    expect(tracking(await search('balakia'))).toEqual([n.water]);
    expect(tracking(await search('Sinjai Barat'))).toEqual([n.water]);
  });

  it('should find a case by part of its tracking number, and by the whole number', async () => {
    expect(tracking(await search('000083'))).toEqual([n.tracked]);
    expect(tracking(await search('sw-2026-000083'))).toEqual([n.tracked]);
  });

  it('should page through a search by relevance with the total on every page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListBody = await search('rusak', { limit: '1', ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(3);
      seen.push(...page.items.map((i) => i.trackingNumber));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([n.road, n.lamp, n.bridge]);
  });

  it("should keep an OPD user's search inside their OPD", async () => {
    const dlh = await t.tokenFor('opd', ['DLH']);
    const body = await search('rusak', {}, dlh);
    expect(tracking(body)).toEqual([n.bridge]);
    expect(body.total).toBe(1);
  });

  it('should not let a viewer who sees personal data masked search private messages or personal data', async () => {
    const sekda = await t.tokenFor('pimpinan');
    expect(tracking(await search('pungutan'))).toEqual([n.private]);
    expect((await search('pungutan', {}, sekda)).total).toBe(0);
    expect(tracking(await search('000083', {}, sekda))).toEqual([n.tracked]);
    expect(tracking(await search('7307011234560001'))).toEqual([n.private]);
    const res = await t.http().get('/api/cases').query({ q: '7307011234560001' }).set('authorization', `Bearer ${sekda}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toContain('data pribadi');
  });

  it('should treat search operators and SQL in the query as text, not fail', async () => {
    for (const q of ["'; DROP TABLE cases; --", 'rusak & | ! :*', '"jalan', '-', '%_\\', 'a']) {
      const body = await search(q);
      expect(Array.isArray(body.items)).toBe(true);
    }
    expect((await search('100%')).total).toBe(0);
  });

  it('should sort by deadline across cases with and without one, page by page, with none skipped', async () => {
    await ds.query(`UPDATE cases SET due_at = NULL WHERE tracking_number IN ($1, $2)`, [n.water, n.tracked]);
    await ds.query(`UPDATE cases SET due_at = now() + (id % 5) * interval '1 day' WHERE due_at IS NOT NULL`);
    const expected = (
      await ds.query<Array<{ tracking_number: string }>>(`SELECT tracking_number FROM cases ORDER BY due_at ASC NULLS LAST, id ASC`)
    ).map((r) => r.tracking_number);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.http().get('/api/cases').query({ sort: 'deadline', limit: 2, ...(cursor ? { cursor } : {}) }).set('authorization', `Bearer ${operator}`);
      expect(res.status).toBe(200);
      const page = res.body as ListBody;
      seen.push(...page.items.map((i) => i.trackingNumber));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});
