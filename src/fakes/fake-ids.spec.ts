import { FacebookFake } from './facebook.fake.js';
import { InstagramFake } from './instagram.fake.js';
import { TelegramFake } from './telegram.fake.js';
import { TikTokFake } from './tiktok.fake.js';
import { XFake } from './x.fake.js';
import { YouTubeFake } from './youtube.fake.js';

// Issue 12 §4: demo fakes restart with the service; their ids must never repeat across restarts
// (X must keep rising, or ingestion stops below since_id; TikTok must not reuse comment ids, or a
// routed post's text is overwritten).
describe('fake platform ids across a restart', () => {
  const t0 = Date.parse('2026-12-08T01:00:00Z');
  const t1 = t0 + 1000; // the demo restarted a second later

  it('should keep X ids rising, so a restarted demo is never below since_id', () => {
    const before = new XFake();
    before.continueIdsFrom(t0);
    const old = Array.from({ length: 500 }, (_, i) => before.addTweet({ text: `t${i}` }).id);
    const after = new XFake();
    after.continueIdsFrom(t1);
    const next = after.addTweet({ text: 'baru' }).id;
    expect(BigInt(next)).toBeGreaterThan(BigInt(old.at(-1)!));
    // Without continuing from the clock, the restarted fake starts over below since_id.
    expect(BigInt(new XFake().addTweet({ text: 'baru' }).id)).toBeLessThan(BigInt(old[0]));
  });

  it('should never repeat Facebook, Instagram, TikTok, Telegram or YouTube ids', () => {
    const ids = (at: number): string[] => {
      const fb = new FacebookFake();
      const ig = new InstagramFake();
      const tt = new TikTokFake();
      const tg = new TelegramFake();
      const yt = new YouTubeFake();
      for (const f of [fb, ig, tt, tg, yt]) f.continueIdsFrom(at);
      const out: string[] = [];
      for (let i = 0; i < 50; i++) {
        const p = fb.addVisitorPost({ text: 'x' });
        out.push(p.id, fb.addComment({ postId: p.id, text: 'y' }).id);
        out.push(ig.addComment({ mediaId: ig.addMedia().id, text: 'z' }).id);
        out.push(tt.addComment({ text: 'w' }).comment_id);
        const m = tg.privateMessage({ text: 'v' });
        out.push(`tg:${m.chat.id}:${m.message_id}`);
        out.push(yt.addComment({ text: 'u' }).id);
      }
      return out;
    };
    const first = ids(t0);
    const second = ids(t1);
    expect(new Set(first).size).toBe(first.length);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
  });
});
