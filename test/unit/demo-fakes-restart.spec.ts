import { startDemoFakes } from '../../src/demo/demo-fakes.js';
import { buildTestConfig } from '../factories/config.factory.js';

// Issue 12 §4: demo mode starts its fakes with every service start. The ids they hand out after a
// restart continue from the clock, so X stays above the stored since_id and TikTok never reuses a
// comment id of an already-routed post.
describe('demo fakes across a service restart', () => {
  it('should hand out ids above and apart from those of the previous start', async () => {
    const first = await startDemoFakes(await buildTestConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1:1/none' }));
    const x1 = first.x.addTweet({ text: 'sebelum restart' }).id;
    const tt1 = first.tiktok.addComment({ text: 'sebelum restart' }).comment_id;
    await first.stop();
    await new Promise((r) => setTimeout(r, 5));
    const second = await startDemoFakes(await buildTestConfig({ DATABASE_URL: 'postgres://unused@127.0.0.1:1/none' }));
    try {
      const x2 = second.x.addTweet({ text: 'sesudah restart' }).id;
      const tt2 = second.tiktok.addComment({ text: 'sesudah restart' }).comment_id;
      expect(BigInt(x2)).toBeGreaterThan(BigInt(x1));
      expect(tt2).not.toBe(tt1);
    } finally {
      await second.stop();
    }
  });
});
