import type { YouTubeFake } from '../../src/fakes/youtube.fake.js';
import type { ConnectorAccountContext, FetchResult, NormalizedItem } from '../../src/connectors/connector.interface.js';
import { createHttpClient } from '../../src/connectors/http-client.factory.js';
import { MemoryQuotaLedger, QuotaBudget, type QuotaPolicy } from '../../src/connectors/kit/quota-budget.js';
import { YouTubeClient } from '../../src/connectors/youtube/youtube.client.js';
import { YouTubeConnector } from '../../src/connectors/youtube/youtube.connector.js';
import { DEFAULT_YT_COSTS, type YtCostTable } from '../../src/connectors/youtube/youtube.types.js';

// Builds a YouTube connector against a fake for unit specs (no Nest, an in-memory ledger).

export interface YtHarnessOptions {
  credentials?: Record<string, string>;
  settings?: Record<string, unknown>;
  policy?: Partial<QuotaPolicy>;
  costs?: Partial<YtCostTable>;
  timeoutMs?: number;
  now?: () => Date;
  onRefresh?: (c: Record<string, string>) => Promise<void>;
}

export function youtubeHarness(fake: YouTubeFake, ledger = new MemoryQuotaLedger()) {
  const make = (o: YtHarnessOptions = {}): YouTubeConnector => {
    const account: ConnectorAccountContext = {
      id: 'acc-yt',
      externalAccountId: fake.channelId,
      handle: 'Pemkab Sinjai',
      settings: o.settings ?? {},
      credentials: o.credentials ?? { accessToken: 'yt-access-token' },
      onCredentialsRefreshed: o.onRefresh,
    };
    // A full day's head start: pacing is tested on its own, not in every spec.
    const policy: QuotaPolicy = { dailyUnits: 10_000, replyReserve: 1_000, headStartMs: 86_400_000, timeZone: 'America/Los_Angeles', ...o.policy };
    const budget = new QuotaBudget(ledger, 'youtube:test', policy, o.now);
    const http = createHttpClient({ baseURL: fake.baseUrl, timeoutMs: o.timeoutMs ?? 2000 });
    return new YouTubeConnector(new YouTubeClient(http, account, budget, { ...DEFAULT_YT_COSTS, ...o.costs }, `${fake.baseUrl}/token`, o.now), account, budget, o.now);
  };

  /** fetchSince until hasMore is false, like one poll run (with a page cap against loops). */
  const drain = async (c: YouTubeConnector, cursor: string | null, maxPages = 100): Promise<{ items: NormalizedItem[]; cursor: string; pages: number; warnings: string[] }> => {
    const items: NormalizedItem[] = [];
    const warnings: string[] = [];
    for (let pages = 1; ; pages++) {
      const r: FetchResult = await c.fetchSince(cursor);
      items.push(...r.items);
      warnings.push(...(r.warnings ?? []));
      cursor = r.nextCursor;
      if (!r.hasMore || pages >= maxPages) return { items, cursor, pages, warnings };
    }
  };
  return { ledger, make, drain };
}
