import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InstagramFake } from '../../fakes/instagram.fake.js';
import type { GraphList } from '../facebook/facebook.types.js';
import { createHttpClient } from '../http-client.factory.js';
import { InstagramConnector } from './instagram.connector.js';
import {
  mapIgComment,
  mapInstagramWebhookComment,
  mapInstagramWebhookMention,
  parseInstagramWebhook,
} from './instagram.mapper.js';
import type { IgComment } from './instagram.types.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/instagram', name), 'utf8'));
const ACCOUNT = '17841400000009999';
const now = new Date('2026-03-02T00:00:00Z');

describe('Instagram mapper', () => {
  it('should map a comment and its inline reply, the reply targeting its top-level thread', () => {
    const page = fixture('comments-page.json') as GraphList<IgComment>;
    const media = { id: '17890000000000000', permalink: 'https://www.instagram.com/p/abc/' };
    const top = mapIgComment(page.data[0], ACCOUNT, media, now);
    const reply = mapIgComment(page.data[0].replies!.data[0], ACCOUNT, media, now, page.data[0].id);
    expect(top).toMatchObject({
      kind: 'comment',
      createdAt: '2026-03-01T10:15:30.000Z',
      author: {
        platformUserId: '17841400000000001',
        username: 'maria.s',
        profileUrl: 'https://www.instagram.com/maria.s/',
      },
      permalink: media.permalink,
      replyTarget: { targetId: '17900000000000001' },
    });
    expect(reply).toMatchObject({
      kind: 'reply',
      parentExternalId: '17900000000000001',
      replyTarget: { targetId: '17900000000000001', extra: { commentId: '17900000000000002' } },
    });
  });
});

describe('Instagram webhooks (§2.7)', () => {
  it('should map comments from the changes[] envelope, skipping our own and other fields', () => {
    const r = parseInstagramWebhook(fixture('webhook-comments-changes.json'), now);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({
      kind: 'reply',
      externalId: '17900000000000001',
      dedupeKey: `instagram:${ACCOUNT}:17900000000000001`,
      parentExternalId: '17900000000000000',
      rootExternalId: '17890000000000000',
      createdAt: new Date(1772360112 * 1000).toISOString(),
    });
    expect(r.skipped).toBe(2);
  });

  it('should map the flat entry[].field/value envelope and the comment_id key', () => {
    const r = parseInstagramWebhook(fixture('webhook-comments-flat.json'), now);
    expect(r.items.map((i) => [i.kind, i.externalId, i.text])).toEqual([
      ['comment', '17900000000000007', 'kapan jalan ke Bikeru diaspal?'],
    ]);
  });

  it('should turn mentions into ids to read, in both envelopes, ignoring bad ids and messaging', () => {
    const r = parseInstagramWebhook(fixture('webhook-mentions.json'), now);
    expect(r.mentions.map((m) => [m.mediaId, m.commentId ?? null])).toEqual([
      ['17918000000000001', '17894000000000002'],
      ['17918000000000003', null],
      ['17918000000000009', null],
    ]);
    expect(r.skipped).toBe(2);
    expect(mapInstagramWebhookMention({ media_id: 12 }, ACCOUNT)).toBeNull();
    expect(mapInstagramWebhookComment({ id: '1', text: 'x' }, ACCOUNT)).toBeNull(); // no media
    expect(parseInstagramWebhook({ object: 'page', entry: [] })).toEqual({
      items: [],
      mentions: [],
      skipped: 0,
    });
    expect(parseInstagramWebhook('garbage')).toEqual({ items: [], mentions: [], skipped: 0 });
  });

  it('should give a webhook comment and the polled comment the same dedupe key', async () => {
    const fake = new InstagramFake();
    await fake.start();
    try {
      const m = fake.addMedia({ caption: 'x' });
      const c = fake.addComment({ mediaId: m.id, text: 'air keruh' });
      const connector = new InstagramConnector(
        createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs: 2000 }),
        {
          id: 'a',
          externalAccountId: fake.igUserId,
          handle: fake.username,
          settings: { scanTags: false },
          credentials: { accessToken: 'ig-token' },
        },
      );
      let cursor: string | null = null;
      const polled = [];
      for (;;) {
        const r = await connector.fetchSince(cursor);
        polled.push(...r.items);
        cursor = r.nextCursor;
        if (!r.hasMore) break;
      }
      for (const [env, key] of [
        ['changes', 'id'],
        ['flat', 'comment_id'],
      ] as const) {
        const hooked = parseInstagramWebhook(fake.commentWebhook(c, env, key)).items;
        expect(hooked.map((i) => i.dedupeKey)).toEqual(polled.map((i) => i.dedupeKey));
      }
      // A mention webhook → the ids fetchMention reads.
      const ref = fake.addMention({ text: '@pemkabsinjai sampah', inCaption: false });
      const [mention] = parseInstagramWebhook(fake.mentionWebhook(ref, 'flat')).mentions;
      expect((await connector.fetchMention(mention.mediaId, mention.commentId))?.externalId).toBe(
        ref.commentId,
      );
    } finally {
      await fake.stop();
    }
  });
});
