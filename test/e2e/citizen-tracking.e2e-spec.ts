import { DataSource } from 'typeorm';
import { NoticeQueueService } from '../../src/citizen/notice-queue.service.js';
import { WhatsAppFake } from '../../src/fakes/whatsapp.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// The PII forms the masking tests know (src/common/pii.spec.ts), and private text of every kind.
const NIK = ['7307011234560001', '7307 0112 3456 0001'];
const PHONES = ['081234567890', '+62 812-3456-7890', '6281299990001'];
const SECRET_NOTE = 'CATATAN-INTERNAL rumah pak kades nomor 12';
const WA_TEXT = 'RAHASIA-WA istri saya sakit, alamat Jl. Melati 7';

// Issue 15 §2–3: the public tracking page and JSON, the finish notice, and the rating that reopens.
describe('e2e: public tracking, finish notice and rating', () => {
  const x = new XFake();
  const wa = new WhatsAppFake();
  let t: TestApp;
  let ds: DataSource;
  let queue: NoticeQueueService;
  let staff: string;
  let staffName: string;
  const acc: Record<string, string> = {};

  const q = <T>(sql: string, p: unknown[] = []): Promise<T[]> => ds.query(sql, p);
  const caseOf = async (externalId: string) =>
    (
      await q<{ id: string; tracking_number: string; access_code: string; opd_code: string; status: string }>(
        `SELECT c.id, c.tracking_number, c.access_code, c.opd_code, c.status FROM posts p JOIN cases c ON c.id = p.case_id WHERE p.external_id = $1`,
        [externalId],
      )
    )[0];
  const act = async (id: string, action: string, body: Record<string, unknown> = {}): Promise<void> => {
    const { version } = (
      await t.http().get(`/api/cases/${id}`).set('authorization', `Bearer ${staff}`).expect(200)
    ).body as { version: number };
    await t
      .http()
      .post(`/api/cases/${id}/${action}`)
      .set('authorization', `Bearer ${staff}`)
      .send(action === 'notes' ? body : { version, ...body })
      .expect((r) => expect([action, r.status < 300 ? 'ok' : r.text]).toEqual([action, 'ok']));
  };
  const finishAndValidate = async (id: string, summary: string): Promise<void> => {
    await act(id, 'accept');
    await act(id, 'notes', { text: SECRET_NOTE });
    await act(id, 'finish', { summary });
    await act(id, 'validate');
  };
  /** Everything the public could read about a case number: JSON and HTML, with and without a code. */
  const publicViews = async (tracking: string, code?: string): Promise<string[]> => {
    const suffix = code ? `?kode=${code}` : '';
    const json = await t.http().get(`/api/public/cases/${tracking}${suffix}`);
    const html = await t.http().get(`/lacak/${tracking}${suffix}`);
    return [JSON.stringify(json.body), html.text];
  };
  const expectNothingPrivate = (text: string): void => {
    for (const s of [
      ...NIK,
      ...PHONES,
      SECRET_NOTE,
      WA_TEXT,
      staffName,
      'Ibu Hasnah',
      'andi_lappa',
      'Andi Lappa',
      '7307011234',
    ])
      expect(text).not.toContain(s);
  };

  beforeAll(async () => {
    await Promise.all([x.start(), wa.start()]);
    t = await startTestApp({
      X_BASE_URL: x.baseUrl,
      WHATSAPP_BASE_URL: wa.baseUrl,
      META_APP_SECRET: wa.appSecret,
      META_WEBHOOK_VERIFY_TOKEN: 'verify-me',
      PUBLIC_BASE_URL: 'https://lapor.sinjaikab.go.id',
    });
    ds = t.get(DataSource);
    queue = t.get(NoticeQueueService);
    wa.webhookUrl = `${t.url}/api/webhooks/whatsapp`;
    const on = { notices: { enabled: true, perMinute: 100 } };
    acc.x = (await createAccount(t.app, { externalAccountId: x.accountUserId, settings: on })).id;
    acc.wa = (
      await createAccount(t.app, {
        platform: 'whatsapp',
        externalAccountId: wa.phoneNumberId,
        handle: wa.displayNumber,
        settings: on,
        credentials: { accessToken: 'wa-token' },
      })
    ).id;
    staff = await t.tokenFor('operator');
    staffName = (
      await q<{ username: string }>(
        `SELECT username FROM users WHERE role = 'operator' ORDER BY created_at DESC LIMIT 1`,
      )
    )[0].username;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([x.stop(), wa.stop()]);
  });

  let pub: Awaited<ReturnType<typeof caseOf>>;
  let priv: Awaited<ReturnType<typeof caseOf>>;

  it('should show a public case’s timeline, OPD and deadline, cacheable, with nothing private', async () => {
    const m = x.addTweet({
      text: `@pemkabsinjai jalan poros Lappa rusak berlubang parah. NIK saya ${NIK[0]}, hubungi ${PHONES[0]}`,
      author: { username: 'andi_lappa', name: 'Andi Lappa' },
    });
    const w = await wa.sendMessage({
      from: PHONES[2],
      name: 'Ibu Hasnah',
      text: `${WA_TEXT}, air PDAM mati sejak kemarin, NIK ${NIK[1]}`,
    });
    await pollNow(t.app, acc.x);
    await pollNow(t.app, acc.wa);
    pub = await caseOf(m.id);
    priv = await caseOf(w.id);

    const res = await t.http().get(`/api/public/cases/${pub.tracking_number}`).expect(200);
    expect(res.headers['cache-control']).toMatch(/public, max-age=60/);
    expect(res.body).toMatchObject({
      trackingNumber: pub.tracking_number,
      private: false,
      statusLabel: 'Diteruskan ke OPD',
      type: 'Pengaduan',
    });
    expect(res.body.opd.code).toBe(pub.opd_code);
    expect(res.body.deadlineLocal).toMatch(/^\d{1,2} \w+ 20\d\d$/);
    expect(res.body.timeline.map((s: { label: string }) => s.label)).toEqual([
      'Laporan diterima',
      `Diteruskan ke ${res.body.opd.name}`,
    ]);
    expect(res.body.timeline[0].atLocal).toMatch(/WITA$/);

    const page = await t.http().get(`/lacak/${pub.tracking_number}`).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.text).toContain(pub.tracking_number);
    expect(page.text).toContain(res.body.opd.name);
    for (const v of await publicViews(pub.tracking_number)) expectNothingPrivate(v);
  });

  it('should answer a private case only to its code, with status only, and 404 exactly like a missing number', async () => {
    const missing = await t.http().get(`/api/public/cases/SW-2099-999999`).expect(404);
    const noCode = await t.http().get(`/api/public/cases/${priv.tracking_number}`).expect(404);
    expect(noCode.body).toEqual(missing.body);
    await t
      .http()
      .get(`/api/public/cases/${priv.tracking_number}?kode=${'0'.repeat(32)}`)
      .expect(404);
    await t.http().get(`/lacak/${priv.tracking_number}`).expect(404);
    const ok = await t
      .http()
      .get(`/api/public/cases/${priv.tracking_number}?kode=${priv.access_code}`)
      .expect(200);
    expect(Object.keys(ok.body).sort()).toEqual([
      'private',
      'rating',
      'status',
      'statusLabel',
      'trackingNumber',
      'updatedAtLocal',
    ]);
    expect(ok.headers['cache-control']).toMatch(/no-store/);
    for (const v of await publicViews(priv.tracking_number, priv.access_code)) expectNothingPrivate(v);
  });

  it('should reveal nothing private to someone walking the tracking numbers', async () => {
    const year = pub.tracking_number.slice(3, 7);
    const all = await q<{ tracking_number: string; private: boolean }>(
      `SELECT c.tracking_number, (p.platform = 'whatsapp' OR p.kind = 'direct_message') AS private FROM cases c JOIN posts p ON p.id = c.post_id`,
    );
    expect(all.some((c) => c.private)).toBe(true);
    for (let n = 1; n <= all.length + 2; n++) {
      const tracking = `SW-${year}-${String(n).padStart(6, '0')}`;
      const json = await t.http().get(`/api/public/cases/${tracking}`);
      const known = all.find((c) => c.tracking_number === tracking);
      expect(json.status).toBe(known && !known.private ? 200 : 404);
      for (const v of await publicViews(tracking)) expectNothingPrivate(v);
    }
  });

  it('should hide a case staff mark rahasia exactly like a private message', async () => {
    const m = x.addTweet({
      text: '@pemkabsinjai pungli di kantor desa Bongki, mohon ditindak',
      author: { username: 'hana' },
    });
    await pollNow(t.app, acc.x);
    const c = await caseOf(m.id);
    await t.http().get(`/api/public/cases/${c.tracking_number}`).expect(200);
    await act(c.id, 'confidential', { confidential: true, reason: 'pelapor meminta dirahasiakan' });
    const missing = await t.http().get(`/api/public/cases/SW-2099-999998`).expect(404);
    expect((await t.http().get(`/api/public/cases/${c.tracking_number}`).expect(404)).body).toEqual(
      missing.body,
    );
    await t.http().get(`/lacak/${c.tracking_number}`).expect(404);
    const own = await t
      .http()
      .get(`/api/public/cases/${c.tracking_number}?kode=${c.access_code}`)
      .expect(200);
    expect(own.body).toMatchObject({ private: true, trackingNumber: c.tracking_number });
    expect(own.body.timeline).toBeUndefined();
    // Its acknowledgement (not sent yet) will carry the code: the link is the only way in.
    await queue.runOnce();
    const ack = (
      await q<{ text: string }>(
        `SELECT text FROM outbound_replies WHERE case_id = $1 AND kind = 'acknowledgement'`,
        [c.id],
      )
    )[0];
    expect(ack.text).toContain(`?kode=${c.access_code}`);
  });

  it('should send the finish notice with the answer (masked) and a rating link, once', async () => {
    await queue.runOnce(); // the acknowledgements
    const before = x.posted.length;
    await finishAndValidate(pub.id, `Lubang sudah ditambal tim UPTD. Info lanjut hubungi ${PHONES[0]}.`);
    await queue.runOnce();
    await queue.runOnce();
    const notices = x.posted.slice(before);
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toContain(pub.tracking_number);
    expect(notices[0].text).toContain(
      `https://lapor.sinjaikab.go.id/lacak/${pub.tracking_number}?kode=${pub.access_code}`,
    );
    expect(notices[0].text).toContain('Lubang sudah ditambal');
    expect(notices[0].text).not.toContain(PHONES[0]);
    expect(notices[0].text.length).toBeLessThanOrEqual(280);

    const view = (await t.http().get(`/api/public/cases/${pub.tracking_number}`).expect(200)).body;
    expect(view.statusLabel).toBe('Selesai');
    expect(view.answer).toBe('Lubang sudah ditambal tim UPTD. Info lanjut hubungi [telepon disamarkan].');
    expect(view.timeline.map((s: { label: string }) => s.label).slice(-3)).toEqual([
      'Sedang diproses',
      'Sudah dijawab',
      'Selesai',
    ]);
    for (const v of await publicViews(pub.tracking_number)) expectNothingPrivate(v);
  });

  it('should take one rating per case, only with the code, and count it in the OPD performance', async () => {
    const rate = (tracking: string, body: Record<string, unknown>) =>
      t.http().post(`/api/public/cases/${tracking}/rating`).send(body);
    await rate(pub.tracking_number, { kode: 'salah', nilai: 5, selesai: true }).expect(404);
    await rate(pub.tracking_number, { kode: pub.access_code, nilai: 9, selesai: true }).expect(400);
    await rate(priv.tracking_number, { kode: priv.access_code, nilai: 4, selesai: true }).expect(409); // not finished yet
    expect(
      (
        await rate(pub.tracking_number, {
          kode: pub.access_code,
          nilai: 4,
          selesai: true,
          komentar: 'cepat, terima kasih',
        }).expect(201)
      ).body,
    ).toEqual({ reopened: false });
    await rate(pub.tracking_number, { kode: pub.access_code, nilai: 1, selesai: false }).expect(409);
    expect(await q(`SELECT score, resolved, comment FROM case_ratings`)).toEqual([
      { score: 4, resolved: true, comment: 'cepat, terima kasih' },
    ]);
    const page = await t.http().get(`/lacak/${pub.tracking_number}?kode=${pub.access_code}`).expect(200);
    expect(page.text).toContain('Penilaian Anda');
    expect(page.text).not.toContain('name="nilai"');

    const perf = (
      await t.http().get('/api/stats/opd-performance').set('authorization', `Bearer ${staff}`).expect(200)
    ).body as { items?: unknown[] } | unknown[];
    const rows = (Array.isArray(perf) ? perf : (perf.items ?? [])) as Array<{
      opdCode: string;
      ratings?: number;
      avgRating?: number | null;
    }>;
    expect(rows.find((r) => r.opdCode === pub.opd_code)).toMatchObject({
      ratings: 1,
      avgRating: 4,
      resolvedShare: 1,
    });
  });

  it('should reopen a case to its OPD with the citizen’s words when they answer "belum selesai" through the page form', async () => {
    const m = x.addTweet({
      text: '@pemkabsinjai lampu jalan di Biringere mati sudah seminggu',
      author: { username: 'besse' },
    });
    await pollNow(t.app, acc.x);
    const c = await caseOf(m.id);
    await finishAndValidate(c.id, 'Lampu sudah diganti petugas.');
    const form = await t.http().get(`/lacak/${c.tracking_number}?kode=${c.access_code}`).expect(200);
    expect(form.text).toContain('name="nilai"');
    const res = await t
      .http()
      .post(`/lacak/${c.tracking_number}/nilai`)
      .type('form')
      .send({ kode: c.access_code, nilai: '2', selesai: 'tidak', komentar: 'masih mati di depan masjid' })
      .expect(303);
    expect(res.headers.location).toBe(`/lacak/${c.tracking_number}?kode=${c.access_code}&pesan=dibuka`);
    const after = await caseOf(m.id);
    expect(after).toMatchObject({ status: 'diproses', opd_code: c.opd_code });
    const ev = await q<{ type: string; comment: string }>(
      `SELECT type, data->>'comment' AS comment FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 1`,
      [c.id],
    );
    expect(ev).toEqual([{ type: 'reopened_by_citizen', comment: 'masih mati di depan masjid' }]);
    const view = (await t.http().get(`/api/public/cases/${c.tracking_number}`).expect(200)).body;
    expect(view.timeline.at(-1).label).toBe('Dibuka kembali: pelapor menilai belum selesai');
    expect(JSON.stringify(view)).not.toContain('masih mati di depan masjid');
  });

  it('should publish the figures on /publik and as open data, computed at most once a minute, with nothing private', async () => {
    const page = await t.http().get('/publik').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toMatch(/public, max-age=60/);
    expect(page.text).toContain('Kinerja OPD');
    expect(page.text).toContain(pub.tracking_number); // recently finished, public
    expectNothingPrivate(page.text);
    const data = await t.http().get('/publik/data.json').expect(200);
    expect(data.body.licence.name).toBe('CC BY 4.0');
    expect(data.headers.link).toMatch(/creativecommons.org\/licenses\/by\/4.0/);
    expect(data.body.opd.find((o: { opdCode: string }) => o.opdCode === pub.opd_code)).toMatchObject({
      ratings: 1,
      avgRating: 4,
    });
    expect(data.body.recent.map((r: { trackingNumber: string }) => r.trackingNumber)).toContain(
      pub.tracking_number,
    );
    expect(data.body.recent.map((r: { trackingNumber: string }) => r.trackingNumber)).not.toContain(
      priv.tracking_number,
    );
    expect(data.body.weekly).toHaveLength(8);
    expectNothingPrivate(JSON.stringify(data.body));
    const csv = await t.http().get('/publik/data.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'opdCode,opdName,received,answered,medianFirstResponseHours,withinSlaShare,ratings,avgRating,resolvedShare',
    );
    const dict = (await t.http().get('/publik/kamus-data.json').expect(200)).body as {
      fields: Record<string, string>;
    };
    for (const col of csv.text.split('\r\n')[0].split(',')) expect(dict.fields[`opd.${col}`]).toBeTruthy();
    // The embeddable card of one OPD, and the snippet admins copy for its website.
    const widget = await t.http().get(`/publik/widget/${pub.opd_code}`).expect(200);
    expect(widget.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(widget.text).toContain(
      data.body.opd.find((o: { opdCode: string }) => o.opdCode === pub.opd_code).opdName,
    );
    expectNothingPrivate(widget.text);
    await t.http().get('/publik/widget/TIDAKADA').expect(404);
    await t.http().get(`/api/widget-snippet?opd=${pub.opd_code}`).expect(401);
    const snippet = (
      await t
        .http()
        .get(`/api/widget-snippet?opd=${pub.opd_code}`)
        .set('authorization', `Bearer ${staff}`)
        .expect(200)
    ).body as { snippet: string };
    expect(snippet.snippet).toBe(
      `<iframe src="https://lapor.sinjaikab.go.id/publik/widget/${pub.opd_code}" title="Kinerja layanan aduan ${pub.opd_code}" width="360" height="220" style="border:0" loading="lazy"></iframe>`,
    );
    // Cached: a new case within the minute changes nothing published.
    x.addTweet({
      text: '@pemkabsinjai jembatan di Tondong retak dan berbahaya',
      author: { username: 'gita' },
    });
    await pollNow(t.app, acc.x);
    expect((await t.http().get('/publik/data.json').expect(200)).body.generatedAt).toBe(
      data.body.generatedAt,
    );
  });

  it('should slow down a client that walks too fast (429)', async () => {
    let limited = false;
    for (let i = 0; i < 80 && !limited; i++)
      limited =
        (await t.http().get(`/api/public/cases/SW-2099-${String(i).padStart(6, '0')}`)).status === 429;
    expect(limited).toBe(true);
  });
});
