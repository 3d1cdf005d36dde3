import { DataSource } from 'typeorm';
import { NoticeQueueService } from '../../src/citizen/notice-queue.service.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 19 through intake: out-of-remit reports go to Diskominfo's triage with the external body
// suggested and stored on the case; misconduct reaches the Inspektorat; the created event says why.
describe('remit rules in case intake (real PostgreSQL, fake X)', () => {
  const x = new XFake({ maxPageSize: 100 });
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    await x.start();
    t = await startTestApp({ X_BASE_URL: x.baseUrl, CONNECTOR_HTTP_TIMEOUT_MS: '2000' });
    ds = t.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await x.stop();
  });

  const caseOf = async (externalId: string) =>
    (
      await ds.query(
        `SELECT c.status, c.opd_code, c.status_reason, c.suggested_external_body, e.data FROM posts p JOIN cases c ON c.id = p.case_id
         JOIN case_events e ON e.case_id = c.id AND e.type = 'created' WHERE p.external_id = $1`,
        [externalId],
      )
    )[0] as { status: string; opd_code: string | null; status_reason: string | null; suggested_external_body: string | null; data: { remitMatched?: string[] } };

  it('should send a power cut to triage with PLN suggested, pungli to the Inspektorat, and leave a regency matter alone', async () => {
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId, settings: { notices: { enabled: true } } });
    const pln = x.addTweet({ text: '@pemkabsinjai listrik padam dari semalam di Desa Bongki, tolong kapan nyala lagi?', author: { username: 'warga_a' } });
    const pungli = x.addTweet({ text: '@pemkabsinjai urus KTP di kecamatan dimintai uang 150rb sama oknum pegawai, pungli ini pak', author: { username: 'warga_b' } });
    const road = x.addTweet({ text: '@pemkabsinjai jalan desa di Lappa berlubang besar, bahaya untuk motor', author: { username: 'warga_c' } });
    await pollNow(t.app, acc.id);

    const a = await caseOf(pln.id);
    expect(a).toMatchObject({ status: 'perlu_ditinjau', opd_code: 'DISKOMINFO', status_reason: 'di_luar_kewenangan', suggested_external_body: 'PLN' });
    expect(a.data.remitMatched).toContain('listrik padam');
    // The case view the web page reads carries the suggestion.
    const [{ id }] = await ds.query(`SELECT case_id AS id FROM posts WHERE external_id = $1`, [pln.id]);
    const view = await t.http().get(`/api/cases/${id}`).set('authorization', `Bearer ${await t.tokenFor('operator')}`).expect(200);
    expect(view.body.suggestedExternalBody).toBe('PLN');

    // The citizen's acknowledgement says where the matter belongs.
    await t.get(NoticeQueueService).runOnce();
    const ack = x.posted.find((p) => p.text.includes(view.body.trackingNumber as string));
    expect(ack?.text).toContain('kewenangan PLN');

    const b = await caseOf(pungli.id);
    expect(b).toMatchObject({ status: 'didisposisikan', opd_code: 'INSPEKTORAT', suggested_external_body: null });

    const c = await caseOf(road.id);
    expect(c.suggested_external_body).toBeNull();
    expect(c.opd_code).not.toBe('INSPEKTORAT');
    expect(c.status_reason).not.toBe('di_luar_kewenangan');
  });
});
