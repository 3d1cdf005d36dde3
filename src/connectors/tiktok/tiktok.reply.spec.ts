import axios from 'axios';
import { TikTokFake } from '../../fakes/tiktok.fake.js';
import type { ConnectorError } from '../connector-error.js';
import type { ReplyTarget } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { TikTokMemory } from './tiktok.client.js';
import { TikTokConnector } from './tiktok.connector.js';

// Replies (§4.1 reply/create, §6.5 safe replies) and health against the fake.

describe('TikTokConnector replies and health against the fake TikTok API', () => {
  const fake = new TikTokFake({ maxPageSize: 3 });
  const make = (timeoutMs = 2000, accessToken = 'tt-access-token'): TikTokConnector =>
    new TikTokConnector(
      createHttpClient({ baseURL: fake.apiBaseUrl, timeoutMs }),
      { id: 'acc-tt', externalAccountId: fake.businessId, handle: fake.username, settings: {}, credentials: { accessToken } },
      { memory: new TikTokMemory() },
    );
  const fail = (p: Promise<unknown>): Promise<ConnectorError> => p.then(() => { throw new Error('expected a ConnectorError'); }, (e: unknown) => e as ConnectorError);
  const targetOf = (commentId: string, videoId: string): ReplyTarget => ({ platform: 'tiktok', accountId: fake.businessId, targetId: commentId, extra: { videoId } });

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.configure({ maxPageSize: 3, accessTokens: ['tt-access-token'] });
  });

  it('should post a reply as the account and return its id and time', async () => {
    const c = fake.addComment({ text: 'kapan jalan ke Sinjai Borong diperbaiki?' });
    const r = await make().reply(targetOf(c.comment_id, c.video_id), 'Terima kasih, laporan SW-2026-000123 kami teruskan ke DPUPR.', { idempotencyKey: 'k1' });
    expect(fake.posted).toHaveLength(1);
    expect(r.externalId).toBe(fake.posted[0].comment_id);
    expect(typeof r.externalId).toBe('string');
    expect(r.postedAt).toBe(new Date(fake.posted[0].create_time * 1000).toISOString());
    expect(fake.posted[0]).toMatchObject({ owner: true, parent_comment_id: c.comment_id });
    const req = fake.requestsTo('/business/comment/reply/create/')[0];
    expect(JSON.parse(req.body)).toEqual({ business_id: fake.businessId, video_id: c.video_id, comment_id: c.comment_id, text: expect.any(String) });
    expect(req.headers['access-token']).toBe('tt-access-token');
  });

  it('should refuse text over 150 characters before calling TikTok, and accept 150 with emoji', async () => {
    const c = fake.addComment({ text: 'halo' });
    const err = await fail(make().reply(targetOf(c.comment_id, c.video_id), 'a'.repeat(151), { idempotencyKey: 'k2' }));
    expect(err.kind).toBe('invalid_request');
    expect(fake.requestsTo('/reply/create/')).toHaveLength(0);
    // 150 characters, 151+ UTF-16 units: the limit counts what a person sees.
    await make().reply(targetOf(c.comment_id, c.video_id), `${'b'.repeat(149)}🙏`, { idempotencyKey: 'k3' });
    expect(fake.posted).toHaveLength(1);
  });

  it('should have the fake refuse 151 characters with code 40002, like TikTok', async () => {
    const c = fake.addComment({ text: 'halo' });
    const post = (text: string) =>
      axios.post(`${fake.apiBaseUrl}/business/comment/reply/create/`, { business_id: fake.businessId, video_id: c.video_id, comment_id: c.comment_id, text }, { headers: { 'Access-Token': 'tt-access-token' } });
    expect((await post('a'.repeat(151))).data).toMatchObject({ code: 40002 });
    expect((await post('a'.repeat(150))).data).toMatchObject({ code: 0, data: { create_time: expect.any(Number) } });
  });

  it('should report a reply to a deleted comment as not_found', async () => {
    const c = fake.addComment({ text: 'akan dihapus' });
    fake.deleteComment(c.comment_id);
    const err = await fail(make().reply(targetOf(c.comment_id, c.video_id), 'Baik, kami cek.', { idempotencyKey: 'k5' }));
    expect(err.kind).toBe('not_found');
  });

  it('should find a reply whose response was lost, so a retry never posts twice', async () => {
    const c = fake.addComment({ text: 'air PDAM mati tiga hari' });
    const target = targetOf(c.comment_id, c.video_id);
    const text = 'Mohon maaf, laporan kami teruskan ke PDAM Tirta Sinjai.';
    expect(await make().findReply(target, text)).toBeNull();

    fake.loseResponse('/comment/reply/create/');
    const err = await fail(make(300).reply(target, text, { idempotencyKey: 'k6' }));
    expect(err.kind).toBe('timeout'); // unknown outcome: the core asks findReply before any retry

    const found = await make().findReply(target, text);
    expect(fake.posted).toHaveLength(1);
    expect(found?.externalId).toBe(fake.posted[0].comment_id);
    expect(await make().findReply(target, 'Teks lain')).toBeNull();
  });

  it('should look through every page of replies and ignore citizens writing the same text', async () => {
    const c = fake.addComment({ text: 'sampah' });
    const text = 'Sudah kami teruskan ke DLH.';
    const ours = fake.addReply(c.comment_id, { text, owner: true, createTime: Math.floor(Date.now() / 1000) - 3600 });
    for (let i = 0; i < 7; i++) fake.addReply(c.comment_id, { text: i === 0 ? text : `ikut komentar ${i}` });
    const found = await make().findReply(targetOf(c.comment_id, c.video_id), text);
    expect(found?.externalId).toBe(ours.comment_id);
    expect(fake.requestsTo('/comment/reply/list/').length).toBeGreaterThan(1);
  });

  it('should say ok from business/get/ and name the broken state otherwise', async () => {
    expect((await make().health()).state).toBe('ok');
    expect(fake.requestsTo('/business/get/')[0].query.fields).toBe('["display_name","profile_image","username"]');
    fake.inject({ kind: 'rate_limit' });
    const limited = await make().health();
    expect(limited.state).toBe('rate_limited');
    expect(limited.retryAt).toBeDefined();
    fake.inject({ kind: 'server_error' });
    expect((await make().health()).state).toBe('down');
    expect((await make(2000, 'revoked').health()).state).toBe('auth_expired');
    fake.revokeScope('user.info.basic');
    expect((await make().health()).state).toBe('permission_missing');
  });
});
