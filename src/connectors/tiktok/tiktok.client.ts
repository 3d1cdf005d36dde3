import type { AxiosInstance, AxiosResponse } from 'axios';
import type { ConnectorAccountContext } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { networkError, parseJsonBody } from '../http-client.factory.js';
import { storeRefreshedCredentials } from '../token-refresh.js';
import { classifyTikTokCode, classifyTikTokHttp, isEnvelope, TIKTOK_PARTIAL, type ClassifyContext } from './tiktok.errors.js';
import { quoteBigIds } from './tiktok.mapper.js';
import type { TikTokTokenData } from './tiktok.types.js';

const PAGE_CURSOR_MAX_AGE_MS = 10 * 60_000;

/**
 * Process memory shared by the connectors of one account across runs: the TikTok page cursor
 * that continues the paging in progress (never written to the stored cursor, §4.1 step 3) and
 * the count of consecutive rate limits (40100 has no reset time, so the wait grows).
 */
export class TikTokMemory {
  private readonly pages = new Map<string, { key: string; cursor: number; at: number }>();
  private readonly strikes = new Map<string, number>();

  setPage(accountId: string, key: string, cursor: number, now: Date): void {
    this.pages.set(accountId, { key, cursor, at: now.getTime() });
  }

  /** The page cursor stored under `key`, if it is this paging's and still fresh. */
  getPage(accountId: string, key: string, now: Date): number | undefined {
    const p = this.pages.get(accountId);
    return p && p.key === key && now.getTime() - p.at <= PAGE_CURSOR_MAX_AGE_MS ? p.cursor : undefined;
  }

  peekStrikes(accountId: string): number {
    return this.strikes.get(accountId) ?? 0;
  }

  setStrikes(accountId: string, n: number): void {
    if (n) this.strikes.set(accountId, n);
    else this.strikes.delete(accountId);
  }
}

export const SHARED_TIKTOK_MEMORY = new TikTokMemory();

export interface TikTokCallResult<T> {
  data: T;
  /** Set for code 20001 (partial success): the data is used, the message becomes a warning. */
  warning?: string;
}

type Params = Record<string, string | number>;

/**
 * HTTP to the Accounts API: `Access-Token` header (no Bearer, §4.1), the code envelope, and one
 * token refresh per connector when a refresh token and the app's client id/secret are known.
 */
export class TikTokClient {
  private credentials: Record<string, string>;
  private refreshTried = false;

  constructor(
    private readonly http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    private readonly memory: TikTokMemory,
    private readonly now: () => Date,
  ) {
    this.credentials = { ...account.credentials };
  }

  get<T>(path: string, params: Params, what: string, signal?: AbortSignal): Promise<TikTokCallResult<T>> {
    return this.withRefresh(() => this.send<T>('get', path, params, what, signal), signal);
  }

  post<T>(path: string, body: Record<string, unknown>, what: string, signal?: AbortSignal): Promise<TikTokCallResult<T>> {
    // An auth error means the write was refused, so posting again after a refresh is safe.
    return this.withRefresh(() => this.send<T>('post', path, body, what, signal), signal);
  }

  private async withRefresh<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof ConnectorError) || e.kind !== 'auth_expired' || !this.canRefresh()) throw e;
      await this.refresh(signal);
      return call();
    }
  }

  private canRefresh(): boolean {
    const c = this.credentials;
    return !this.refreshTried && Boolean(c.refreshToken && c.clientId && c.clientSecret);
  }

  private async send<T>(method: 'get' | 'post', path: string, payload: Params | Record<string, unknown>, what: string, signal?: AbortSignal): Promise<TikTokCallResult<T>> {
    const token = this.credentials.accessToken;
    if (!token) throw new ConnectorError('auth_expired', 'no TikTok access token configured for this account');
    const headers = { 'Access-Token': token };
    let res: AxiosResponse<string>;
    try {
      res =
        method === 'get'
          ? await this.http.get<string>(path, { params: payload, headers, signal })
          : await this.http.post<string>(path, payload, { headers: { ...headers, 'Content-Type': 'application/json' }, signal });
    } catch (e) {
      throw networkError(e, what);
    }
    return this.unwrap<T>(res, what);
  }

  private unwrap<T>(res: AxiosResponse<string>, what: string): TikTokCallResult<T> {
    const strikes = this.memory.peekStrikes(this.account.id);
    const ctx: ClassifyContext = { now: this.now(), rateStrikes: strikes + 1 };
    const fail = (err: ConnectorError): never => {
      if (err.kind === 'rate_limited') this.memory.setStrikes(this.account.id, strikes + 1);
      throw err;
    };
    const httpErr = classifyTikTokHttp(res, what, ctx);
    if (httpErr) fail(httpErr);
    const text = typeof res.data === 'string' ? quoteBigIds(res.data) : res.data;
    const body = parseJsonBody({ ...res, data: text }, what);
    if (!isEnvelope(body)) throw new ConnectorError('malformed_response', `${what}: no code envelope`, undefined, res.status);
    const codeErr = classifyTikTokCode(body, what, ctx);
    if (codeErr) fail(codeErr);
    this.memory.setStrikes(this.account.id, 0);
    const warning = Number(body.code) === TIKTOK_PARTIAL ? `${what}: partial success (${String(body.message ?? '').slice(0, 200)})` : undefined;
    return { data: body.data as T, warning };
  }

  /** POST tt_user/oauth2/refresh_token/ (§4.1), then hand the new tokens to the core to store. */
  private async refresh(signal?: AbortSignal): Promise<void> {
    this.refreshTried = true;
    const what = 'TikTok token refresh';
    const c = this.credentials;
    let res: AxiosResponse<string>;
    try {
      res = await this.http.post<string>(
        '/tt_user/oauth2/refresh_token/',
        { client_id: c.clientId, client_secret: c.clientSecret, grant_type: 'refresh_token', refresh_token: c.refreshToken },
        { headers: { 'Content-Type': 'application/json' }, signal },
      );
    } catch (e) {
      throw networkError(e, what);
    }
    let data: TikTokTokenData | undefined;
    try {
      data = this.unwrap<TikTokTokenData>(res, what).data;
    } catch (e) {
      // Outages are retried later; any refusal means the account needs a new authorisation.
      if (e instanceof ConnectorError && ['transient', 'timeout', 'rate_limited', 'malformed_response'].includes(e.kind)) throw e;
      throw new ConnectorError('auth_expired', `${what} refused: ${e instanceof Error ? e.message : String(e)}`, undefined, (e as ConnectorError).platformCode);
    }
    if (typeof data?.access_token !== 'string' || !data.access_token)
      throw new ConnectorError('auth_expired', `${what}: no access_token in the response`);
    const next: Record<string, string> = { ...c, accessToken: data.access_token };
    if (typeof data.refresh_token === 'string' && data.refresh_token) next.refreshToken = data.refresh_token;
    if (typeof data.expires_in === 'number') next.accessTokenExpiresAt = new Date(this.now().getTime() + data.expires_in * 1000).toISOString();
    this.credentials = next;
    await storeRefreshedCredentials(this.account, next, what);
  }
}
