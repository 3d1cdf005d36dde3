import { DataSource } from 'typeorm';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { connectDashboard } from '../factories/socket.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

interface CaseMsg {
  id: string;
  opd: { code: string } | null;
  post: { text: string };
}

// Two instances of the service on one database (as behind a load balancer), with
// SOCKET_IO_ADAPTER=postgres: a case stored by instance A reaches dashboards connected to B,
// with the same room scoping, including a broadcast over PostgreSQL's 8000-byte NOTIFY limit.
describe('e2e: two instances share live broadcasts through PostgreSQL', () => {
  const fake = new XFake();
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    await fake.start();
    a = await startTestApp({ X_BASE_URL: fake.baseUrl, SOCKET_IO_ADAPTER: 'postgres' });
    b = await startTestApp({ X_BASE_URL: fake.baseUrl, SOCKET_IO_ADAPTER: 'postgres', DATABASE_URL: a.db.url });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await fake.stop();
  });

  it('should push a case stored by one instance to the right rooms on the other', async () => {
    const operatorOnB = await connectDashboard<CaseMsg>(b.url, await b.tokenFor('operator'));
    const dpuprOnB = await connectDashboard<CaseMsg>(b.url, await b.tokenFor('opd', ['DPUPR']));
    const dinkesOnB = await connectDashboard<CaseMsg>(b.url, await b.tokenFor('opd', ['DINKES']));
    const acc = await createAccount(a.app, { externalAccountId: fake.accountUserId });
    const road = '@pemkabsinjai jalan poros Sinjai Borong rusak berat, aspal terkelupas dan berlubang besar, mohon diperbaiki';
    const long = `@pemkabsinjai jembatan di desa Bongki retak dan jalannya amblas. ${'Warga sudah lama menunggu perbaikan jalan ini. '.repeat(200)}`;
    fake.addTweet({ text: road });
    fake.addTweet({ text: long });

    await pollNow(a.app, acc.id);
    const got = await operatorOnB.waitFor((r) => r.length >= 2, 10_000);
    expect(got.map((c) => c.post.text).sort()).toEqual([road, long].sort());
    const [{ n }] = await a.get(DataSource).query('SELECT count(*)::int AS n FROM socket_io_attachments');
    expect(n).toBeGreaterThanOrEqual(1); // the long case travelled as an attachment
    await dpuprOnB.waitFor((r) => r.length >= 1);
    expect(dpuprOnB.received.every((c) => c.opd?.code === 'DPUPR')).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(dinkesOnB.received).toEqual([]);

    for (const s of [operatorOnB, dpuprOnB, dinkesOnB]) s.socket.disconnect();
  });
});
