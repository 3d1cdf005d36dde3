import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyRemit, type RoutingDecision } from '../routing/routing-decision.js';
import { RemitRules } from './remit-rules.js';

const rules = RemitRules.load(join(process.cwd(), 'config'));

describe('RemitRules (config/external-bodies.json)', () => {
  it.each([
    ['listrik padam dari semalam di Desa Bongki, tolong', 'PLN'],
    ['TOKEN LISTRIK sdh diisi tp gak masuk2', 'PLN'],
    ['tiang PLN miring mau roboh dekat sekolah', 'PLN'],
    ['kartu BPJS ibu sy tiba2 nonaktif', 'BPJS Kesehatan'],
    ['semalam tetangga dibegal di jalan sepi', 'Polres'],
    ['motor sy dicuri di parkiran pasar', 'Polres'],
    ['jalan poros provinsi ke Makassar berlubang dalam', 'Balai Jalan Nasional'],
    ['trans sulawesi banjir tiap hujan', 'Balai Jalan Nasional'],
    ['PPDB SMA negeri zonasinya kacau', 'Dinas Pendidikan Provinsi'],
  ])('should suggest an external body for %j', (text, body) => {
    const m = rules.match(text);
    expect(m).toMatchObject({ externalBody: body, misconduct: false });
    expect(m.matched.length).toBeGreaterThan(0);
  });

  it.each([
    ['lampu jalan PJU mati semua, gelap'], // a regency matter, not PLN's
    ['spanduk caleg dipaku di tiang listrik'], // reklame, Satpol PP
    ['saran pasang meteran air prabayar kayak token listrik'], // PDAM aspiration
    ['jalan desa rusak, bukan jalan nasional, mohon pemkab perbaiki'], // negated, and a village road
    ['balap liar tiap malam minggu'], // Dishub, not a crime report
    ['atap SMP negeri 2 bocor'], // the regency's own schools
    ['alhamdulillah gak ada listrik padam minggu ini'], // negated
    ['jalan ini rusak parah'], // no body at all
    ['lampu jalan mati semua, begal makin berani'], // the street lights are the regency's to fix
    ['anak ditolak berobat di puskesmas krn lupa bawa kartu BPJS'], // the puskesmas is the regency's
  ])('should suggest nothing for %j', (text) => {
    expect(rules.match(text)).toEqual({ externalBody: null, misconduct: false, matched: [] });
  });

  it.each([['urus KTP dimintai uang 150rb sama oknum pegawai'], ['Pungli di kantor desa, bayar 50rb tanpa kuitansi'], ['harus lewat calo baru izin keluar'], ['kades diduga korupsi dana desa']])(
    'should read misconduct in %j',
    (text) => expect(rules.match(text)).toMatchObject({ misconduct: true, externalBody: null }),
  );

  it.each([['alhamdulillah urus akta cepat dan tidak ada pungli'], ['sosialisasi saber pungli di aula kantor bupati'], ['calo tiket bus mudik merajalela'], ['suapan bayi di posyandu'], ['sekolah minta uang seragam 350rb, katanya wajib'], ['pengamen maksa minta uang di warung']])(
    'should not read misconduct in %j',
    (text) => expect(rules.match(text).misconduct).toBe(false),
  );

  it('should prefer misconduct over an external body when both match (a police officer asking for money)', () => {
    expect(rules.match('oknum polisi minta uang damai waktu kecelakaan lalu lintas')).toMatchObject({ misconduct: true, externalBody: null });
  });

  it('should refuse an invalid file at load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'remit-'));
    writeFileSync(join(dir, 'external-bodies.json'), JSON.stringify({ negations: [], external: [{ body: 'PLN2', phrases: ['x y'], veto: [] }], misconduct: { phrases: ['ab'], veto: [] } }));
    expect(() => RemitRules.load(dir)).toThrow(/external-bodies\.json/);
  });
});

describe('applyRemit', () => {
  const ACTIVE = new Set(['DPUPR', 'DISKOMINFO', 'INSPEKTORAT']);
  const routed: RoutingDecision = { status: 'didisposisikan', opdCode: 'DPUPR', reason: null };
  const closed: RoutingDecision = { status: 'ditolak', opdCode: null, reason: 'bukan_laporan' };
  const none = { externalBody: null, misconduct: false };
  it.each([
    ['no match', routed, none, { ...routed, externalBody: null }],
    ['an external body', routed, { externalBody: 'PLN', misconduct: false }, { status: 'perlu_ditinjau', opdCode: 'DISKOMINFO', reason: 'di_luar_kewenangan', externalBody: 'PLN' }],
    ['misconduct', routed, { externalBody: null, misconduct: true }, { status: 'didisposisikan', opdCode: 'INSPEKTORAT', reason: null, externalBody: null }],
    ['a post closed as not a report', closed, { externalBody: 'PLN', misconduct: false }, { ...closed, externalBody: null }],
  ] as const)('should decide for %s', (_w, d, m, expected) => {
    expect(applyRemit(d, m, 'DISKOMINFO', 'INSPEKTORAT', ACTIVE)).toEqual(expected);
  });
});
