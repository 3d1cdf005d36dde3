import { nowSec } from '../../fakes/facebook.fake.js';
import { InstagramFake } from '../../fakes/instagram.fake.js';
import type { ConnectorError } from '../connector-error.js';
import type { ReplyTarget } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { InstagramConnector } from './instagram.connector.js';

describe('InstagramConnector replies and mentions', () => {
  const fake = new InstagramFake();
  const make = (timeoutMs = 2000): InstagramConnector =>
    new InstagramConnector(createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs }), {
      id: 'acc-ig',
      externalAccountId: fake.igUserId,
      handle: fake.username,
      settings: {},
      credentials: { accessToken: 'ig-token' },
    });
  const target = (targetId: string, extra: Record<string, string> = { kind: 'comment' }): ReplyTarget => ({
    platform: 'instagram',
    accountId: fake.igUserId,
    targetId,
    extra,
  });
  const fail = (p: Promise<unknown>): Promise<ConnectorError> =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e as ConnectorError,
    );

  let mediaId: string;
  let commentId: string;
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    mediaId = fake.addMedia({ caption: 'Pembangunan jembatan', createdAt: nowSec() - 900 }).id;
    commentId = fake.addComment({ mediaId, text: 'kapan selesai pak?', createdAt: nowSec() - 600 }).id;
  });

  it('should reply under a comment with POST /{comment-id}/replies and on a media with /comments', async () => {
    const c = make();
    const r1 = await c.reply(target(commentId), 'Target selesai Juni 2026.', { idempotencyKey: 'k1' });
    const r2 = await c.reply(target(mediaId, { kind: 'media' }), 'Info lengkap di bio.', {
      idempotencyKey: 'k2',
    });
    expect(fake.posted.map((p) => [p.id, p.parentId ?? null])).toEqual([
      [r1.externalId, commentId],
      [r2.externalId, null],
    ]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v25.0/${commentId}/replies`,
      `POST /v25.0/${mediaId}/comments`,
    ]);
  });

  it.each(['hang', 'reset', 'server_error'] as const)(
    'should find a reply whose response was lost (%s) instead of posting twice',
    async (mode) => {
      const c = make(400);
      const text = 'Laporan SW-2026-000010 kami teruskan ke Dinas PUPR.';
      expect(await c.findReply(target(commentId), text)).toBeNull();
      fake.loseReplyResponses(mode);
      expect(['timeout', 'transient']).toContain(
        (await fail(c.reply(target(commentId), text, { idempotencyKey: 'k' }))).kind,
      );
      const found = await c.findReply(target(commentId), text);
      expect(found?.externalId).toBe(fake.posted[0].id);
      expect(fake.posted).toHaveLength(1);
    },
  );

  it('should not take a citizen’s reply with the same text for ours', async () => {
    fake.addComment({ mediaId, parentId: commentId, text: 'Terima kasih' });
    expect(await make().findReply(target(commentId), 'Terima kasih')).toBeNull();
  });

  it('should read comment and caption mentions by id and reply through /mentions', async () => {
    const c = make();
    const inComment = fake.addMention({
      text: '@pemkabsinjai lampu lalu lintas di Lappa mati',
      author: { username: 'besse.l' },
    });
    const inCaption = fake.addMention({
      text: 'Macet parah di Jl. Persatuan @pemkabsinjai',
      inCaption: true,
    });
    const m1 = await c.fetchMention(inComment.mediaId, inComment.commentId);
    const m2 = await c.fetchMention(inCaption.mediaId);
    expect(m1).toMatchObject({
      kind: 'mention',
      externalId: inComment.commentId,
      author: { username: 'besse.l' },
      rootExternalId: inComment.mediaId,
    });
    expect(m2).toMatchObject({
      kind: 'mention',
      externalId: inCaption.mediaId,
      text: 'Macet parah di Jl. Persatuan @pemkabsinjai',
    });
    expect(await c.fetchMention('17999999999999999')).toBeNull();
    await c.reply(m1!.replyTarget, 'Sudah kami laporkan ke Dishub.', { idempotencyKey: 'k' });
    expect(fake.requestsTo('/mentions')[0].body).toContain(`comment_id=${inComment.commentId}`);
    expect(fake.posted[0]).toMatchObject({ mediaId: inComment.mediaId, parentId: inComment.commentId });
    // No way to list replies on others' media: the lookup refuses rather than claim "not found".
    expect((await fail(c.findReply(m1!.replyTarget, 'x'))).kind).toBe('invalid_request');
  });

  it('should refuse ids that are not Graph ids before building field expansions', async () => {
    expect((await fail(make().fetchMention('1)%7Bid%7D'))).kind).toBe('invalid_request');
  });
});
