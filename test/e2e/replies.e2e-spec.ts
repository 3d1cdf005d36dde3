import { DataSource } from 'typeorm';
import { OutboundReply } from '../../src/replies/outbound-reply.entity.js';
import { RepliesService } from '../../src/replies/replies.service.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

describe('e2e: replying on X, safely (§6.5)', () => {
  const x = new XFake();
  let t: TestApp;
  let token: string;
  let caseId: string;
  let accountId: string;

  beforeAll(async () => {
    await x.start();
    t = await startTestApp({ X_BASE_URL: x.baseUrl, CONNECTOR_HTTP_TIMEOUT_MS: '400' });
    token = await t.tokenFor('opd', ['DPUPR']);
    accountId = (await createAccount(t.app, { externalAccountId: x.accountUserId })).id;
    x.addTweet({ text: '@pemkabsinjai jalan poros Lappa rusak berlubang parah, kapan diperbaiki?', author: { username: 'andi_lappa' } });
    await pollNow(t.app, accountId);
    [{ id: caseId }] = await t.get(DataSource).query(`SELECT id FROM cases`);
  });
  afterAll(async () => {
    await t.close();
    await x.stop();
  });

  const reply = (text: string) => t.http().post(`/api/cases/${caseId}/replies`).set('authorization', `Bearer ${token}`).send({ text });

  it('should post once when the first response is lost: the unknown outcome is checked before any retry', async () => {
    x.inject({ kind: 'lost_response', path: '/2/tweets', method: 'POST' });
    const res = await reply('Terima kasih, laporan SW sudah diteruskan ke tim UPTD jalan.').expect(201);
    expect(res.body.state).toBe('sent');
    expect(x.posted).toHaveLength(1);
    expect(res.body.externalId).toBe(x.posted[0].id);
    expect(res.body.attempts).toBe(1);
    expect(x.requestsTo('/2/tweets/search/recent').some((r) => r.query.query.includes('in_reply_to_tweet_id'))).toBe(true);
    const detail = (await t.http().get(`/api/cases/${caseId}`).set('authorization', `Bearer ${token}`).expect(200)).body;
    expect(detail.replies.map((r: { state: string }) => r.state)).toEqual(['sent']);
    expect(detail.events.some((e: { type: string }) => e.type === 'reply_sent')).toBe(true);
  });

  it('should retry after a 5xx that did not post, without duplicating', async () => {
    x.inject({ kind: 'server_error', path: '/2/tweets', method: 'POST' });
    const res = await reply('Tim kami akan turun ke lokasi besok pagi.').expect(201);
    expect(res.body.state).toBe('sent');
    expect(res.body.attempts).toBe(2);
    expect(x.posted.filter((p) => p.text === 'Tim kami akan turun ke lokasi besok pagi.')).toHaveLength(1);
  });

  it('should store a refused reply as failed with a reason staff can read', async () => {
    const res = await reply('Terima kasih, laporan SW sudah diteruskan ke tim UPTD jalan.').expect(201); // X refuses duplicate text
    expect(res.body.state).toBe('failed');
    expect(res.body.error).toMatch(/teks yang sama/);
  });

  it('should refuse a reply longer than the platform allows before calling it', async () => {
    const before = x.requests.length;
    const res = await reply('a'.repeat(281)).expect(422);
    expect(res.body.message).toMatch(/280/);
    expect(x.requests.length).toBe(before);
  });

  it('should resume a reply left pending by a crash', async () => {
    const ds = t.get(DataSource);
    const [post] = await ds.query(`SELECT id, reply_target FROM posts LIMIT 1`);
    await ds.getRepository(OutboundReply).insert({
      caseId,
      postId: post.id,
      accountId,
      idempotencyKey: 'crashed-1',
      target: post.reply_target,
      text: 'Balasan yang tertunda karena server mati.',
      state: 'pending',
      updatedAt: new Date(Date.now() - 120_000),
    } as never);
    expect(await t.get(RepliesService).resumeStale()).toBe(1);
    const [row] = await ds.query(`SELECT state FROM outbound_replies WHERE idempotency_key = 'crashed-1'`);
    expect(row.state).toBe('sent');
    expect(x.posted.filter((p) => p.text === 'Balasan yang tertunda karena server mati.')).toHaveLength(1);
  });

  it('should let only one of two concurrent checks resume a stale reply, so it is posted once', async () => {
    const ds = t.get(DataSource);
    const [post] = await ds.query(`SELECT id, reply_target FROM posts LIMIT 1`);
    const text = 'Balasan tertunda yang dicek dua instans sekaligus.';
    await ds.getRepository(OutboundReply).insert({
      caseId,
      postId: post.id,
      accountId,
      idempotencyKey: 'crashed-2',
      target: post.reply_target,
      text,
      state: 'unknown',
      updatedAt: new Date(Date.now() - 120_000),
    } as never);
    const svc = t.get(RepliesService);
    const [a, b] = await Promise.all([svc.resumeStale(), svc.resumeStale()]);
    expect(a + b).toBe(1);
    const [row] = await ds.query(`SELECT state FROM outbound_replies WHERE idempotency_key = 'crashed-2'`);
    expect(row.state).toBe('sent');
    expect(x.posted.filter((p) => p.text === text)).toHaveLength(1);
  });
});
