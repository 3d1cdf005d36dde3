import type { AxiosInstance } from 'axios';
import type { ConnectorAccountContext } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { networkError, parseJsonBody } from '../http-client.factory.js';
import { obj, str } from '../kit/clean.js';
import { platformCall } from '../kit/platform-call.js';
import type { QuotaBudget, QuotaUse } from '../kit/quota-budget.js';
import { storeRefreshedCredentials } from '../token-refresh.js';
import { classifyYouTube } from './youtube.errors.js';
import type { YtCostTable } from './youtube.types.js';

export type YtCall = { paced: false; body: unknown } | { paced: true; retryAt: Date; reason: string };

/**
 * The HTTP side of YouTube: every call is charged to the quota budget first (reads are paced over
 * the day, replies may use the reserve), authenticated with the OAuth access token (or an API key
 * for read-only accounts), and a rejected token is refreshed once at Google's token endpoint.
 */
export class YouTubeClient {
  private credentials: Record<string, string>;
  private refreshTried = false;

  constructor(
    private readonly http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    private readonly budget: QuotaBudget,
    private readonly costs: YtCostTable,
    private readonly tokenUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.credentials = { ...account.credentials };
  }

  async call(method: keyof YtCostTable, use: QuotaUse, req: { verb: 'GET' | 'POST'; path: string; params: Record<string, string>; body?: unknown }, signal?: AbortSignal): Promise<YtCall> {
    const what = `YouTube ${method}`;
    for (;;) {
      const verdict = await this.budget.take(use, this.costs[method]);
      if (!verdict.ok) {
        if (use === 'write') throw new ConnectorError('quota_exhausted', `${what}: ${verdict.reason}`, verdict.retryAt);
        return { paced: true, retryAt: verdict.retryAt, reason: verdict.reason };
      }
      const auth = this.auth();
      try {
        const body = await platformCall(
          what,
          () =>
            this.http.request<string>({
              method: req.verb,
              url: req.path,
              params: { ...req.params, ...auth.params },
              data: req.body,
              headers: { ...auth.headers, ...(req.body ? { 'Content-Type': 'application/json' } : {}) },
              signal,
            }),
          (res, w) => classifyYouTube(res, w, this.now()),
        );
        return { paced: false, body };
      } catch (e) {
        if (!(e instanceof ConnectorError)) throw e;
        if (e.kind === 'quota_exhausted') {
          // Google says the project's quota is gone: nothing more until midnight Pacific (§8.5).
          const resetAt = await this.budget.exhausted();
          throw new ConnectorError('quota_exhausted', e.message, resetAt, e.platformCode, e.raw);
        }
        // A 401 was refused before anything happened, so the call is repeated after one refresh.
        if (e.kind === 'auth_expired' && auth.refreshable && !this.refreshTried) {
          await this.refresh(signal);
          continue;
        }
        throw e;
      }
    }
  }

  private auth(): { headers: Record<string, string>; params: Record<string, string>; refreshable: boolean } {
    const c = this.credentials;
    if (c.accessToken) return { headers: { Authorization: `Bearer ${c.accessToken}` }, params: {}, refreshable: Boolean(c.refreshToken && c.clientId && c.clientSecret) };
    if (c.apiKey) return { headers: {}, params: { key: c.apiKey }, refreshable: false };
    throw new ConnectorError('auth_expired', 'no YouTube access token or API key configured for this account');
  }

  /** OAuth 2.0 refresh at Google's token endpoint; Google keeps the refresh token (no rotation). */
  private async refresh(signal?: AbortSignal): Promise<void> {
    this.refreshTried = true;
    const what = 'YouTube token refresh';
    const c = this.credentials;
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.refreshToken, client_id: c.clientId, client_secret: c.clientSecret });
    let res;
    try {
      res = await this.http.post<string>(this.tokenUrl, form.toString(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, signal });
    } catch (e) {
      throw networkError(e, what);
    }
    if (res.status >= 500 || res.status === 429) throw new ConnectorError('transient', `${what}: HTTP ${res.status}`, undefined, res.status);
    let body: Record<string, unknown> | undefined;
    try {
      body = obj(parseJsonBody(res, what));
    } catch (e) {
      if (res.status < 300) throw e;
    }
    const token = str(body?.access_token);
    if (res.status >= 300 || !token) {
      const reason = str(body?.error_description) ?? str(body?.error) ?? `HTTP ${res.status}`;
      throw new ConnectorError('auth_expired', `${what} refused: ${reason.slice(0, 200)}; the channel needs a new authorisation`, undefined, res.status);
    }
    const next: Record<string, string> = { ...c, accessToken: token };
    if (typeof body?.expires_in === 'number') next.accessTokenExpiresAt = new Date(this.now().getTime() + body.expires_in * 1000).toISOString();
    this.credentials = next;
    await storeRefreshedCredentials(this.account, next, what);
  }
}
