// The REST client: bearer token from sessionStorage, one refresh attempt on 401, typed errors that
// tell "not built yet" (404 route / 501) apart from a real answer.
import type { TokenResponse, User } from './types.js';

const KEY = 'suara-warga.session';

export interface Session {
  accessToken: string;
  refreshToken: string | null;
  user: User;
}

export const session = {
  get(): Session | null {
    try {
      const raw = sessionStorage.getItem(KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as Session;
      return s && typeof s.accessToken === 'string' && s.user ? s : null;
    } catch {
      return null;
    }
  },
  set(t: TokenResponse): Session {
    const s: Session = { accessToken: t.accessToken, refreshToken: t.refreshToken ?? null, user: t.user };
    sessionStorage.setItem(KEY, JSON.stringify(s));
    return s;
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: string[],
    readonly body: unknown,
  ) {
    super(messages.join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The endpoint does not exist (yet) on this server: Nest's route 404, 405 or 501. */
  get unavailable(): boolean {
    return this.status === 501 || this.status === 405 || (this.status === 404 && this.messages.some((m) => /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(m)));
  }

  get conflict(): boolean {
    return this.status === 409;
  }

  /** Indonesian text for a user: the server's own message where it speaks to the user. */
  get userMessage(): string {
    if (this.status === 0) return 'Tidak dapat menghubungi server. Periksa koneksi Anda.';
    if (this.unavailable) return 'Fitur ini belum tersedia di server.';
    if (this.status === 409) return 'Kasus ini baru saja diubah oleh orang lain, atau statusnya tidak mengizinkan tindakan ini.';
    if (this.status === 403) return 'Peran Anda tidak boleh melakukan tindakan ini.';
    if (this.status === 401) return 'Sesi Anda berakhir. Silakan masuk lagi.';
    if (this.status === 429) return 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.';
    // 503 + Retry-After: the server is up but its database is unreachable for a moment.
    if (this.status === 503) return 'Basis data sedang tidak dapat dijangkau, jadi permintaan ini belum diproses. Coba lagi beberapa detik lagi.';
    if (this.status >= 500) return 'Server sedang bermasalah. Coba lagi sebentar lagi.';
    return this.messages.join('; ') || `Permintaan gagal (HTTP ${this.status}).`;
  }
}

/** `true` when an error means "this endpoint is not built yet" (show "belum tersedia", not a failure). */
export function isUnavailable(e: unknown): boolean {
  return e instanceof ApiError && e.unavailable;
}

export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.userMessage : 'Terjadi kesalahan yang tidak terduga.';
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '' && v !== false) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();
const tokenListeners = new Set<Listener>();
let refreshing: Promise<boolean> | null = null;

export const auth = {
  /** Called when the session cannot be renewed (the app shows the login page). */
  onExpired(fn: Listener): void {
    expiredListeners.add(fn);
  },
  /** Called after a refresh changed the access token (the socket reconnects with it). */
  onToken(fn: Listener): void {
    tokenListeners.add(fn);
  },
  async login(username: string, password: string): Promise<Session> {
    const t = await send<TokenResponse>('POST', '/api/auth/login', { username, password }, { auth: false });
    return session.set(t);
  },
  /** One refresh at a time; resolves false when there is no refresh token or it was refused. */
  refresh(): Promise<boolean> {
    const s = session.get();
    if (!s?.refreshToken) return Promise.resolve(false);
    refreshing ??= send<TokenResponse>('POST', '/api/auth/refresh', { refreshToken: s.refreshToken }, { auth: false })
      .then((t) => {
        session.set({ ...t, refreshToken: t.refreshToken ?? s.refreshToken ?? undefined });
        tokenListeners.forEach((f) => f());
        return true;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  },
  /** Revokes the refresh token on the server (renewing an expired access token first), then forgets both. */
  async logout(): Promise<void> {
    const s = session.get();
    if (s?.refreshToken) {
      const post = (accessToken: string): Promise<Response | null> =>
        fetch('/api/auth/logout', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ refreshToken: session.get()?.refreshToken ?? s.refreshToken }),
        }).catch(() => null);
      const res = await post(s.accessToken);
      if (res?.status === 401 && (await auth.refresh())) await post(session.get()!.accessToken);
    }
    session.clear();
  },
  expire(): void {
    session.clear();
    expiredListeners.forEach((f) => f());
  },
};

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const b = (body ?? {}) as { message?: unknown; error?: unknown };
  const messages = Array.isArray(b.message) ? b.message.map(String) : typeof b.message === 'string' ? [b.message] : [];
  return new ApiError(res.status, typeof b.error === 'string' ? b.error : String(res.status), messages, body);
}

interface SendOpts {
  auth?: boolean;
  raw?: boolean;
}

async function send<T>(method: string, path: string, body?: unknown, opts: SendOpts = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: opts.raw ? '*/*' : 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const useAuth = opts.auth !== false;
  const s = useAuth ? session.get() : null;
  const used = s?.accessToken;
  if (used) headers.authorization = `Bearer ${used}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', [], null);
  }
  if (res.status === 401 && useAuth) {
    if (!retried) {
      // Another call may have renewed the token while this one was in flight.
      const current = session.get()?.accessToken;
      if (current && current !== used) return send<T>(method, path, body, opts, true);
      if (await auth.refresh()) return send<T>(method, path, body, opts, true);
    }
    auth.expire();
    throw await toError(res);
  }
  if (!res.ok) throw await toError(res);
  if (opts.raw) return (await res.blob()) as T;
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) throw new ApiError(501, 'not_json', ['Jawaban server bukan JSON'], null);
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query): Promise<T> => send<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}): Promise<T> => send<T>('POST', path, body),
  patch: <T>(path: string, body: unknown): Promise<T> => send<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown): Promise<T> => send<T>('PUT', path, body),
  blob: (path: string, query?: Query): Promise<Blob> => send<Blob>('GET', withQuery(path, query), undefined, { raw: true }),
};

/** Downloads an authenticated file (PDF, CSV) through a temporary object URL. */
export async function download(path: string, filename: string, query?: Query): Promise<void> {
  const blob = await api.blob(path, query);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
