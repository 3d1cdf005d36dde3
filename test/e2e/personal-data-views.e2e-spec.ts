import { DataSource } from 'typeorm';
import { Case } from '../../src/cases/case.entity.js';
import { createCase } from '../factories/case.factory.js';
import { catchUp, connectDashboard } from '../factories/socket.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 13 §4: personal data masked by one policy in every view, and a private conversation's
// text shown only on the case page to Diskominfo and the owning OPD, with each opening audited.
describe('e2e: personal data in every view', () => {
  let t: TestApp;
  let ds: DataSource;
  const tok: Record<'operator' | 'owner' | 'helper' | 'pimpinan', string> = {} as never;
  const get = (path: string, token: string) => t.http().get(path).set('authorization', `Bearer ${token}`);
  const post = (path: string, token: string, body: object) => t.http().post(path).set('authorization', `Bearer ${token}`).send(body);
  const DIGITS = ['081234567890', '0812', '3456', '7890', '7307011234560001', '7307', '0001'];

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.get(DataSource);
    tok.operator = await t.tokenFor('operator');
    tok.owner = await t.tokenFor('opd', ['DPUPR']);
    tok.helper = await t.tokenFor('opd', ['DLH']);
    tok.pimpinan = await t.tokenFor('pimpinan');
  });
  afterAll(() => t.close());

  it('should mask notes, proposals and replies for pimpinan, in the forms that used to slip through', async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR', status: 'diproses', text: 'jalan berlubang, hubungi (0812) 3456 7890 atau warga@gmail.com' });
    await ds.getRepository(Case).update({ id: c.id }, { collaboratorOpdCodes: ['DLH'] });
    await post(`/api/cases/${c.id}/notes`, tok.operator, { text: 'pelapor NIK 73 07 01 12 34 56 0001, hp 0812–3456–7890, surel budi@desa.id' }).expect(201);
    await post(`/api/cases/${c.id}/proposals`, tok.helper, { text: 'Kami sudah telepon +62 (812) 3456-7890' }).expect(201);
    await post(`/api/cases/${c.id}/replies`, tok.owner, { text: 'Silakan hubungi petugas di 0812/3456/7890' }).expect(201);

    const sekda = (await get(`/api/cases/${c.id}`, tok.pimpinan).expect(200)).body;
    const seen = JSON.stringify({ post: sekda.post, events: sekda.events, replies: sekda.replies });
    for (const d of DIGITS) expect(seen).not.toContain(d);
    expect(seen).not.toMatch(/@gmail\.com|budi@desa/);
    expect(seen).toContain('[telepon disamarkan]');
    expect(seen).toContain('[NIK disamarkan]');
    expect(seen).toContain('[email disamarkan]');

    // Staff acting on the case read what the citizen and colleagues wrote.
    const op = (await get(`/api/cases/${c.id}`, tok.operator).expect(200)).body;
    expect(JSON.stringify(op.events)).toContain('73 07 01 12 34 56 0001');
    expect(op.replies[0].text).toContain('0812/3456/7890');
    expect(op.post.text).toContain('warga@gmail.com');

    // The CSV and the broadcasts are masked for everyone.
    const csv = (await get('/api/cases/export.csv', tok.operator).expect(200)).text;
    expect(csv).not.toContain('warga@gmail.com');
    expect(csv).not.toContain('3456 7890');
  });

  it('should show a WhatsApp conversation only on its case page, to Diskominfo and the owning OPD, and audit each opening', async () => {
    const secret = 'anak saya sakit, rumah kami di belakang pasar, rahasia-keluarga-42';
    const c = await createCase(t.app, { opdCode: 'DPUPR', status: 'diproses', platform: 'whatsapp', text: secret, authorName: 'Ibu Sitti Rahma' });
    await ds.getRepository(Case).update({ id: c.id }, { collaboratorOpdCodes: ['DLH'] });
    await post(`/api/cases/${c.id}/replies`, tok.owner, { text: 'Baik Bu Sitti, petugas puskesmas akan datang ke belakang pasar.' });

    const audits = async () => Number((await ds.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'case.private_message_read' AND target_id = $1`, [c.id]))[0].n);
    // Lists withhold it, for every role.
    for (const who of ['operator', 'owner', 'pimpinan'] as const) {
      const list = (await get('/api/cases?limit=100', tok[who]).expect(200)).body.items as Array<{ id: string; post: { text: string; authorName: string } }>;
      const row = list.find((x) => x.id === c.id)!;
      expect(row.post.text).not.toContain('rahasia-keluarga-42');
      expect(row.post.authorName).not.toContain('Sitti');
    }
    expect(await audits()).toBe(0);
    // The case page shows it to Diskominfo and the owner, and says so in the audit log.
    for (const who of ['operator', 'owner'] as const) {
      const page = (await get(`/api/cases/${c.id}`, tok[who]).expect(200)).body;
      expect(page.post.text).toBe(secret);
    }
    expect(await audits()).toBe(2);
    // A helper OPD and pimpinan see neither the message nor the reply that quotes it.
    for (const who of ['helper', 'pimpinan'] as const) {
      const page = (await get(`/api/cases/${c.id}`, tok[who]).expect(200)).body;
      const shown = JSON.stringify(page);
      expect(shown).not.toContain('rahasia-keluarga-42');
      expect(shown).not.toContain('belakang pasar');
      expect(shown).not.toContain('Sitti');
    }
    expect(await audits()).toBe(2);
    // Exports and catch_up withhold it as well.
    expect((await get('/api/cases/export.csv', tok.operator).expect(200)).text).not.toContain('rahasia-keluarga-42');
    const live = await connectDashboard(t.url, tok.operator);
    const missed = await catchUp<{ id: string; post: { text: string } }>(live.socket, '0');
    live.socket.disconnect();
    expect('items' in missed && missed.items.find((x) => x.id === c.id)!.post.text).not.toContain('rahasia-keluarga-42');
  });
});
