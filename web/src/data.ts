// Data helpers shared by views: case lists that tolerate filters the server does not know yet, the
// OPD list with a built-in fallback, and applying an action's answer.
import { api, ApiError, isUnavailable, type Query } from './api.js';
import { DEFAULT_OPDS } from './i18n.js';
import { FALLBACK_CALENDAR } from './deadline.js';
import type { CalendarView, CaseDetail, CasePage, CaseView, Opd } from './types.js';

export const FILTER_LABEL: Record<string, string> = {
  q: 'pencarian',
  status: 'status',
  intent: 'jenis',
  platform: 'platform',
  sentiment: 'sentimen',
  opd: 'OPD',
  from: 'dari tanggal',
  to: 'sampai tanggal',
  overdue: 'terlambat',
  sort: 'urutan',
};

/**
 * GET /api/cases. A server that rejects a filter it does not support yet ("property q should not
 * exist") is asked again without it; the dropped filters are returned so the view can say so.
 */
/** A page as the inbox uses it: `total` null when the server did not say. */
export type ListedPage = Omit<CasePage, 'total'> & { total: number | null };

export async function listCases(query: Query): Promise<{ page: ListedPage; ignored: string[] }> {
  const q: Query = { ...query };
  const ignored: string[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const page = await api.get<CasePage>('/api/cases', q);
      return { page: { items: Array.isArray(page?.items) ? page.items : [], nextCursor: page?.nextCursor ?? null, total: typeof page?.total === 'number' ? page.total : null }, ignored };
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 400) throw e;
      const unknown = e.messages.map((m) => /^property (\w+) should not exist$/.exec(m)?.[1]).filter((k): k is string => !!k && k in q);
      if (!unknown.length) throw e;
      for (const k of unknown) {
        delete q[k];
        ignored.push(k);
      }
    }
  }
  throw new ApiError(400, 'bad_request', ['Filter tidak dapat dipakai'], null);
}

let opdCache: Promise<Opd[]> | null = null;

/** Active OPDs from GET /api/opds, or the default registry when that endpoint is not built yet. */
export function loadOpds(): Promise<Opd[]> {
  opdCache ??= api
    .get<Opd[] | { items: Opd[] }>('/api/opds')
    .then((r) => {
      const items = Array.isArray(r) ? r : Array.isArray(r?.items) ? r.items : [];
      const active = items.filter((o) => o && typeof o.code === 'string' && o.active !== false);
      return active.length ? active : DEFAULT_OPDS;
    })
    .catch(() => DEFAULT_OPDS);
  return opdCache;
}

export function looksLikeCase(x: unknown): x is CaseView {
  return !!x && typeof x === 'object' && typeof (x as CaseView).id === 'string' && typeof (x as CaseView).version === 'number' && !!(x as CaseView).post;
}

export function getCase(id: string): Promise<CaseDetail> {
  return api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`);
}

/** Runs a case action; returns the case as it is afterwards (from the answer or re-read). */
export async function caseAction(id: string, action: string, body: Record<string, unknown>): Promise<CaseView> {
  const res = await api.post<unknown>(`/api/cases/${encodeURIComponent(id)}/${action}`, body);
  if (looksLikeCase(res)) return res;
  return getCase(id);
}

let calendar: CalendarView = FALLBACK_CALENDAR;
let calendarLoad: Promise<CalendarView> | null = null;

/** The working calendar of the service levels (the browser's zone, weekends only, until it has loaded). */
export function currentCalendar(): CalendarView {
  return calendar;
}

/** Loads GET /api/calendar once; `then` runs when it is in (to redraw deadlines). */
export function loadCalendar(then?: () => void): Promise<CalendarView> {
  calendarLoad ??= api
    .get<CalendarView>('/api/calendar')
    .then((c) => (calendar = c))
    .catch(() => {
      calendarLoad = null; // try again next time
      return calendar;
    });
  if (then) void calendarLoad.then(then);
  return calendarLoad;
}

export { isUnavailable };
