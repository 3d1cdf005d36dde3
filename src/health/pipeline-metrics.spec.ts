import { formatTotals, PipelineMetrics } from './pipeline-metrics.js';

describe('PipelineMetrics totals', () => {
  it('should sum a minute of pages and cases per platform, then start again from zero', () => {
    const m = new PipelineMetrics();
    m.recordPage({ id: 'a', platform: 'x', handle: 'pemkab' }, 5, { inserted: 4, updated: 0, unchanged: 1 });
    m.recordPage({ id: 'b', platform: 'facebook', handle: 'Pemkab' }, 2, { inserted: 2, updated: 0, unchanged: 0 });
    m.recordCasesOpened({ x: 4, facebook: 1 });
    expect(formatTotals(m.takeTotals(), 60)).toBe('last 60 s: 7 posts fetched (facebook 2, x 5), 6 new; 5 cases opened (facebook 1, x 4)');
    expect(formatTotals(m.takeTotals(), 60)).toBeNull();
  });

  it('should say so when posts were fetched but no case was opened', () => {
    expect(formatTotals({ fetched: { tiktok: 3 }, inserted: 0, opened: {} }, 60)).toBe('last 60 s: 3 posts fetched (tiktok 3), 0 new; no cases opened');
  });
});
