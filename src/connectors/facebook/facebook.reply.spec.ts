import { FacebookFake, nowSec } from '../../fakes/facebook.fake.js';
import type { ConnectorError } from '../connector-error.js';
import type { ReplyTarget } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { FacebookConnector } from './facebook.connector.js';

// Replies, the §6.5 unknown-outcome check, and re-reading items for edits and deletions.
describe('FacebookConnector replies and refresh', () => {
  const fake = new FacebookFake();
  const make = (timeoutMs = 2000): FacebookConnector =>
    new FacebookConnector(createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs }), {
      id: 'acc-fb',
      externalAccountId: fake.pageId,
      handle: 'pemkabsinjai',
      settings: {},
      credentials: { pageAccessToken: 'fb-page-token' },
    });
  const target = (targetId: string, kind = 'comment'): ReplyTarget => ({
    platform: 'facebook',
    accountId: fake.pageId,
    targetId,
    extra: { kind },
  });
  const fail = (p: Promise<unknown>): Promise<ConnectorError> =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e as ConnectorError,
    );

  let postId: string;
  let commentId: string;
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    postId = fake.addVisitorPost({ text: 'lampu jalan mati', createdAt: nowSec() - 300 }).id;
    commentId = fake.addComment({ postId, text: 'di depan SMPN 1 juga', createdAt: nowSec() - 200 }).id;
  });

  it('should reply in the comment thread and on a visitor post', async () => {
    const c = make();
    const r1 = await c.reply(
      target(commentId),
      'Terima kasih, laporan SW-2026-000001 kami teruskan ke Dinas PUPR.',
      { idempotencyKey: 'k1' },
    );
    const r2 = await c.reply(target(postId, 'post'), 'Laporan diterima.', { idempotencyKey: 'k2' });
    expect(fake.posted.map((p) => [p.id, p.parentId, p.postId])).toEqual([
      [r1.externalId, commentId, postId],
      [r2.externalId, undefined, postId],
    ]);
    expect(fake.requestsTo('/comments')[0].body).toContain('message=');
  });

  it('should report a duplicate consecutive reply (506) as duplicate', async () => {
    const c = make();
    await c.reply(target(commentId), 'Sudah kami teruskan.', { idempotencyKey: 'k1' });
    const err = await fail(c.reply(target(commentId), 'Sudah kami teruskan.', { idempotencyKey: 'k2' }));
    expect([err.kind, err.platformCode]).toEqual(['duplicate', '506']);
  });

  it('should report a reply to a deleted comment as not_found', async () => {
    fake.deleteItem(commentId);
    expect((await fail(make().reply(target(commentId), 'Halo', { idempotencyKey: 'k' }))).kind).toBe(
      'not_found',
    );
  });

  it.each(['hang', 'reset', 'server_error'] as const)(
    'should find a reply whose response was lost (%s) instead of posting it twice',
    async (mode) => {
      const c = make(400);
      const text = 'Laporan SW-2026-000002 sudah diteruskan ke PLN UP3 Sinjai.';
      expect(await c.findReply(target(commentId), text)).toBeNull();
      fake.loseReplyResponses(mode);
      const err = await fail(c.reply(target(commentId), text, { idempotencyKey: 'k' }));
      expect(['timeout', 'transient']).toContain(err.kind);
      // The core's §6.5 path: look before retrying.
      const found = await c.findReply(target(commentId), text);
      expect(found?.externalId).toBe(fake.posted[0].id);
      expect(fake.posted).toHaveLength(1);
      expect(await c.findReply(target(commentId), 'teks lain')).toBeNull();
    },
  );

  it('should ignore a citizen’s comment with the same text when looking for our reply', async () => {
    fake.addComment({ postId, parentId: commentId, text: 'Sudah diteruskan?' });
    expect(await make().findReply(target(commentId), 'Sudah diteruskan?')).toBeNull();
  });

  it('should re-read items: new text for an edit, deleted for a vanished one', async () => {
    const other = fake.addComment({ postId, text: 'hapus ini' });
    fake.editItem(commentId, 'di depan SMPN 1 dan SMAN 2 juga');
    fake.deleteItem(other.id);
    const before = fake.requests.length;
    const states = await make().refreshItems([
      { externalId: commentId, replyTarget: target(commentId) },
      { externalId: other.id, replyTarget: target(other.id) },
      { externalId: postId, replyTarget: target(postId, 'post') },
    ]);
    expect(states).toHaveLength(3);
    expect(states).toEqual(
      expect.arrayContaining([
        { externalId: commentId, deleted: false, text: 'di depan SMPN 1 dan SMAN 2 juga' },
        { externalId: other.id, deleted: true },
        { externalId: postId, deleted: false, text: 'lampu jalan mati' },
      ]),
    );
    // One `?ids=` call for all three; the gone comment fails it once (Graph names it) and the rest
    // is asked again.
    expect(fake.requests.length - before).toBe(2);
  });

  it('should refuse a reply target that is not a Graph id', async () => {
    expect((await fail(make().reply(target('../me/feed'), 'x', { idempotencyKey: 'k' }))).kind).toBe(
      'invalid_request',
    );
  });
});
