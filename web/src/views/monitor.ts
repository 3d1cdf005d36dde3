// Pantauan langsung: live feed, today's counters, the triage queue with one-click re-label and
// re-route, connector health and service-level alerts.
import { api, ApiError, errorText, isUnavailable } from '../api.js';
import { byIdDesc, caseCard, platformBadge, reconcile, relTime } from '../components.js';
import { canTriage, type View, type ViewContext } from '../context.js';
import { caseAction, getCase, listCases, loadOpds } from '../data.js';
import { badge, empty, h, put } from '../dom.js';
import { ALERT_TYPE, fmt, INTENT, label, PLATFORM, SENTIMENT } from '../i18n.js';
import type { LiveEvent } from '../live.js';
import { quarantineToggle } from './quarantine.js';
import type { Alert, CaseView, ConnectorHealth, Counts, HealthEvent, HealthReport, Opd, StatsToday } from '../types.js';

const FEED_MAX = 60;

function isToday(iso: string): boolean {
  const d = new Date(iso);
  const n = new Date();
  return d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
}

function bump(m: Counts, k: string | null | undefined, by = 1): void {
  if (!k) return;
  m[k] = (m[k] ?? 0) + by;
}

export function healthText(state: string, retryAt: string | null | undefined): string {
  const until = retryAt ? (isToday(retryAt) ? fmt.time(retryAt) : fmt.dateTime(retryAt)) : '…';
  switch (state) {
    case 'ok':
      return 'OK';
    case 'rate_limited':
      return `dibatasi sampai ${until}`;
    case 'quota_exhausted':
      return `kuota habis sampai ${until}`;
    case 'auth_expired':
      return 'token kedaluwarsa: otorisasi ulang';
    case 'permission_missing':
      return 'izin dicabut: otorisasi ulang';
    case 'degraded':
      return retryAt ? `terganggu, dicoba lagi ${until}` : 'terganggu, mencoba lagi';
    case 'down':
      return 'tidak dapat dihubungi';
    case 'conflict':
      return `konflik: bot dipakai program lain (webhook/poller lain), dicoba lagi ${until}`;
    default:
      return state;
  }
}

export function monitorView(ctx: ViewContext): View {
  const triager = canTriage(ctx.user.role);
  const feedCases = new Map<string, CaseView>();
  const triageCases = new Map<string, CaseView>();
  const overdueCases = new Map<string, CaseView>();
  const health = new Map<string, ConnectorHealth>();
  let alerts: Alert[] = [];
  let stats: StatsToday | null = null;
  let statsMode: 'loading' | 'server' | 'local' = 'loading';
  let opds: Opd[] = [];
  const timers: number[] = [];
  let statsTimer: number | undefined;

  const counters = h('div', { class: 'counters', 'data-testid': 'counters' }, h('p', { class: 'empty' }, 'Memuat statistik…'));
  const statsNote = h('p', { class: 'note', hidden: true });
  const feed = h('div', { class: 'feed', 'data-testid': 'feed' }, h('p', { class: 'empty' }, 'Memuat kasus…'));
  const triage = h('div', { class: 'triage', 'data-testid': 'triage' }, h('p', { class: 'empty' }, 'Memuat antrean…'));
  const triageCount = h('span', { class: 'count' });
  const overdueBox = h('div', { class: 'overdue-list', 'data-testid': 'overdue' }, h('p', { class: 'empty' }, 'Memuat…'));
  const overdueCount = h('span', { class: 'count' });
  const healthBox = h('ul', { class: 'health', 'data-testid': 'health' }, h('li', { class: 'empty' }, 'Memuat…'));
  const alertBox = h('ul', { class: 'alerts', 'data-testid': 'alerts' }, h('li', { class: 'empty' }, 'Memuat…'));

  const el = h(
    'div',
    { class: 'view monitor' },
    h(
      'div',
      { class: 'view-head' },
      h('h1', null, 'Pantauan langsung'),
      triager ? null : badge('Mode baca saja', 'readonly'),
      h('span', { class: 'live-dot', title: 'Kasus baru muncul otomatis' }, 'LANGSUNG'),
    ),
    h('section', { class: 'panel panel-counters' }, h('h2', null, 'Hari ini'), statsNote, counters),
    h(
      'div',
      { class: 'monitor-grid' },
      h('section', { class: 'panel panel-feed' }, h('h2', null, 'Kasus masuk'), feed),
      h(
        'div',
        { class: 'monitor-side' },
        h('section', { class: 'panel panel-triage' }, h('h2', null, 'Antrean triase ', triageCount), triage),
        h(
          'section',
          { class: 'panel panel-overdue' },
          h('h2', null, 'Lewat tenggat ', overdueCount),
          overdueBox,
          h('a', { class: 'more-link', href: '/kotak-masuk?overdue=true&sort=deadline' }, 'Buka antrean lewat tenggat →'),
        ),
        h('section', { class: 'panel panel-health' }, h('h2', null, 'Kesehatan konektor'), healthBox),
        h('section', { class: 'panel panel-alerts' }, h('h2', null, 'Peringatan layanan'), alertBox),
      ),
    ),
  );

  // ---- counters ----
  function localStats(): StatsToday {
    const s: StatsToday = { date: '', total: 0, byIntent: {}, byPlatform: {}, byOpd: {}, bySentiment: {}, triage: triageCases.size };
    for (const c of feedCases.values()) {
      if (!isToday(c.createdAt)) continue;
      s.total++;
      bump(s.byIntent, c.intent);
      bump(s.byPlatform, c.post.platform);
      bump(s.byOpd, c.opd?.code);
      bump(s.bySentiment, c.sentiment);
    }
    return s;
  }

  function breakdown(title: string, counts: Counts, names: Record<string, string> | null, key: string, limit = 8): HTMLElement {
    const entries = Object.entries(counts ?? {})
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit);
    const max = Math.max(1, ...entries.map(([, n]) => n));
    return h(
      'div',
      { class: 'breakdown', 'data-breakdown': key },
      h('h3', null, title),
      entries.length
        ? h(
            'ul',
            null,
            ...entries.map(([k, n]) => {
              const bar = h('span', { class: `bar bar-${key}-${k.replace(/[^a-zA-Z_]/g, '')}` });
              bar.style.width = `${Math.round((n / max) * 100)}%`;
              return h('li', { 'data-key': k }, h('span', { class: 'bk-label' }, names ? label(names, k) : k), h('span', { class: 'bk-bar' }, bar), h('span', { class: 'bk-n' }, fmt.number(n)));
            }),
          )
        : h('p', { class: 'empty' }, 'Belum ada.'),
    );
  }

  function renderCounters(): void {
    const s = statsMode === 'server' && stats ? stats : localStats();
    statsNote.hidden = statsMode !== 'local';
    statsNote.textContent = 'Statistik harian dari server belum tersedia; angka di bawah dihitung dari kasus yang tampil di halaman ini.';
    put(
      counters,
      h(
        'div',
        { class: 'tiles' },
        h('div', { class: 'tile', 'data-counter': 'total' }, h('span', { class: 'tile-n' }, fmt.number(s.total)), h('span', { class: 'tile-l' }, 'Kasus hari ini')),
        h('div', { class: 'tile warn', 'data-counter': 'triage' }, h('span', { class: 'tile-n' }, fmt.number(s.triage)), h('span', { class: 'tile-l' }, 'Perlu ditinjau')),
        h('div', { class: 'tile', 'data-counter': 'complaint' }, h('span', { class: 'tile-n' }, fmt.number(s.byIntent?.complaint ?? 0)), h('span', { class: 'tile-l' }, 'Pengaduan')),
        h('div', { class: 'tile neg', 'data-counter': 'negative' }, h('span', { class: 'tile-n' }, fmt.number(s.bySentiment?.negative ?? 0)), h('span', { class: 'tile-l' }, 'Sentimen negatif')),
      ),
      h(
        'div',
        { class: 'breakdowns' },
        breakdown('Jenis', s.byIntent, INTENT, 'intent'),
        breakdown('Sentimen', s.bySentiment, SENTIMENT, 'sentiment'),
        breakdown('Platform', s.byPlatform, PLATFORM, 'platform'),
        breakdown('OPD', s.byOpd, null, 'opd', 10),
      ),
    );
  }

  async function loadStats(): Promise<void> {
    try {
      stats = await api.get<StatsToday>('/api/stats/today');
      statsMode = 'server';
    } catch (e) {
      statsMode = 'local';
      if (!isUnavailable(e)) statsNote.textContent = errorText(e);
    }
    renderCounters();
  }

  function countNew(c: CaseView): void {
    if (statsMode !== 'server' || !stats || !isToday(c.createdAt)) return;
    stats.total++;
    bump((stats.byIntent ??= {}), c.intent);
    bump((stats.byPlatform ??= {}), c.post.platform);
    bump((stats.byOpd ??= {}), c.opd?.code);
    bump((stats.bySentiment ??= {}), c.sentiment);
    if (c.status === 'perlu_ditinjau') stats.triage++;
  }

  function refetchStatsSoon(): void {
    if (statsMode !== 'server') return;
    window.clearTimeout(statsTimer);
    statsTimer = window.setTimeout(() => void loadStats(), 1500);
  }

  // ---- feed ----
  function renderFeed(freshIds: Set<string> = new Set()): void {
    const items = [...feedCases.values()].sort(byIdDesc).slice(0, FEED_MAX);
    for (const id of [...feedCases.keys()]) if (!items.some((c) => c.id === id)) feedCases.delete(id);
    if (!items.length) return put(feed, empty('Belum ada kasus. Kasus baru akan muncul di sini secara langsung.'));
    reconcile(feed, items, (c) => `${c.id}:${c.version}`, (c) => caseCard(c, { link: true, fresh: freshIds.has(c.id) }));
  }

  // ---- triage ----
  function triageItem(c: CaseView): HTMLElement {
    if (!triager) return caseCard(c, { link: true });
    const msg = h('p', { class: 'item-msg', role: 'alert', hidden: true });
    const busy = (on: boolean): void => item.querySelectorAll('button, select').forEach((b) => ((b as HTMLButtonElement).disabled = on));
    const run = (action: string, body: Record<string, unknown>, ok: string): void => {
      busy(true);
      msg.hidden = true;
      caseAction(c.id, action, { version: c.version, ...body })
        .then((updated) => {
          ctx.toast(ok, 'ok');
          ctx.live.seen(updated.id);
          upsert(updated, false);
        })
        .catch(async (e: unknown) => {
          msg.textContent = errorText(e);
          msg.hidden = false;
          if (e instanceof ApiError && e.conflict) {
            ctx.toast('Kasus sudah diubah orang lain; data terbaru dimuat ulang.', 'error');
            try {
              upsert(await getCase(c.id), false);
            } catch {
              /* gone from view */
            }
          }
        })
        .finally(() => {
          busy(false);
          waitForChoice();
        });
    };
    const intents = h(
      'div',
      { class: 'seg', role: 'group', 'aria-label': 'Ubah jenis' },
      ...Object.entries(INTENT).map(([code, name]) => {
        const b = h('button', { type: 'button', class: code === c.intent ? 'seg-on' : null, 'aria-pressed': String(code === c.intent), 'data-intent': code }, name);
        b.addEventListener('click', () => {
          if (code !== c.intent) run('relabel', { intent: code }, `Label ${c.trackingNumber} diubah menjadi ${name}.`);
        });
        return b;
      }),
    );
    // The queue's own desk (the case's current OPD) is not a destination, and nothing is chosen
    // for the operator: without a machine suggestion the button waits for a choice.
    const desk = c.opd?.code ?? '';
    const opdSelect = h('select', { name: 'opdCode', 'aria-label': 'OPD tujuan' }, h('option', { value: '' }, 'Pilih OPD…'));
    for (const o of opds) if (o.code !== desk) opdSelect.appendChild(h('option', { value: o.code }, `${o.code} — ${o.name}`));
    opdSelect.value = c.suggestedOpdCode && c.suggestedOpdCode !== desk ? c.suggestedOpdCode : '';
    const route = h('button', { type: 'button', class: 'primary small', 'data-action': 'route' }, 'Alihkan');
    const waitForChoice = (): void => {
      route.disabled = !opdSelect.value;
    };
    opdSelect.addEventListener('change', waitForChoice);
    route.addEventListener('click', () => {
      if (!opdSelect.value) {
        msg.textContent = 'Pilih OPD tujuan dulu.';
        msg.hidden = false;
        return;
      }
      run('reroute', { opdCode: opdSelect.value, reason: 'Triase Diskominfo' }, `${c.trackingNumber} dialihkan ke ${opdSelect.value}.`);
    });
    const suggestion = c.suggestedOpdCode ? h('p', { class: 'suggest' }, `Saran mesin: ${c.suggestedOpdCode} (${fmt.confidence(c.routingConfidence)}), jenis ${label(INTENT, c.intent)} (${fmt.confidence(c.intentConfidence)})`) : null;
    const external = c.suggestedExternalBody ? h('p', { class: 'suggest' }, `Di luar kewenangan Pemkab. Saran: teruskan ke ${c.suggestedExternalBody}`) : null;
    const item = caseCard(c, { link: true, extra: h('div', { class: 'triage-actions' }, external, suggestion, intents, h('div', { class: 'route-row' }, opdSelect, route), msg) });
    waitForChoice();
    return item;
  }

  function renderTriage(): void {
    const items = [...triageCases.values()].sort((a, b) => -byIdDesc(a, b));
    triageCount.textContent = `(${items.length})`;
    if (!items.length) return put(triage, empty('Antrean triase kosong.'));
    reconcile(triage, items, (c) => `${c.id}:${c.version}`, triageItem);
  }

  // ---- health and alerts ----
  function renderHealth(): void {
    const items = [...health.values()];
    if (!items.length) return put(healthBox, h('li', { class: 'empty' }, 'Belum ada akun media sosial yang terhubung.'));
    put(
      healthBox,
      ...items.map((a) =>
        h(
          'li',
          { class: `health-item state-${a.state.replace(/[^a-z_]/g, '')}`, 'data-account': a.id, 'data-state': a.state },
          platformBadge(a.platform),
          h('span', { class: 'handle' }, `@${a.handle}`),
          h('span', { class: 'state' }, healthText(a.state, a.retryAt)),
          a.detail && a.state !== 'ok' ? h('span', { class: 'detail' }, a.detail) : null,
          a.lastSuccessAt ? h('span', { class: 'last' }, 'berhasil ', relTime(a.lastSuccessAt)) : null,
          (a.state === 'auth_expired' || a.state === 'permission_missing') && ctx.user.role === 'admin' ? h('a', { href: '/admin', class: 'fix' }, 'Otorisasi ulang') : null,
          quarantineToggle(a.id, a.quarantined ?? 0, () => void loadHealth()),
        ),
      ),
    );
  }

  async function loadHealth(): Promise<void> {
    try {
      const r = await api.get<HealthReport>('/api/health');
      health.clear();
      for (const a of r.connectors ?? []) health.set(a.id, a);
      renderHealth();
    } catch (e) {
      put(healthBox, h('li', { class: 'empty' }, isUnavailable(e) ? 'Kesehatan konektor belum tersedia.' : errorText(e)));
    }
  }

  function onHealth(e: HealthEvent): void {
    const prev = health.get(e.accountId);
    health.set(e.accountId, { ...(prev ?? { enabled: true, lastPolledAt: null, lastSuccessAt: null }), id: e.accountId, platform: e.platform, handle: e.handle, state: e.state, detail: e.detail, retryAt: e.retryAt });
    renderHealth();
  }

  function renderAlerts(): void {
    if (!alerts.length) return put(alertBox, h('li', { class: 'empty' }, 'Tidak ada peringatan.'));
    put(
      alertBox,
      ...alerts.slice(0, 30).map((a) =>
        h(
          'li',
          { class: `alert alert-${a.type.replace(/[^a-z_]/g, '')}` },
          badge(label(ALERT_TYPE, a.type), 'alert-type'),
          h('span', { class: 'alert-msg' }, a.message),
          a.opdCode ? badge(a.opdCode, 'opd') : null,
          a.caseId ? h('a', { href: `/kasus/${encodeURIComponent(a.caseId)}` }, 'Buka kasus') : null,
          a.createdAt ? relTime(a.createdAt) : null,
        ),
      ),
    );
  }

  async function loadAlerts(): Promise<void> {
    try {
      const r = await api.get<{ items: Alert[] }>('/api/alerts');
      alerts = [...(r.items ?? []), ...alerts.filter((a) => !a.createdAt)];
      renderAlerts();
    } catch (e) {
      if (isUnavailable(e) && !alerts.length) put(alertBox, h('li', { class: 'empty unavailable', 'data-unavailable': '' }, 'Peringatan layanan belum tersedia.'));
      else if (!alerts.length) put(alertBox, h('li', { class: 'empty' }, errorText(e)));
      else renderAlerts();
    }
  }

  // ---- overdue (escalated) cases ----
  function renderOverdue(): void {
    const arr = [...overdueCases.values()].sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
    overdueCount.textContent = arr.length ? `(${fmt.number(arr.length)}${arr.length >= 20 ? '+' : ''})` : '';
    if (!arr.length) return put(overdueBox, h('p', { class: 'empty' }, 'Tidak ada kasus yang lewat tenggat.'));
    reconcile(overdueBox, arr.slice(0, 20), (c) => `${c.id}:${c.version}`, (c) => caseCard(c, { link: true }));
  }

  async function loadOverdue(): Promise<void> {
    try {
      const { page } = await listCases({ overdue: 'true', sort: 'deadline', limit: 20 });
      overdueCases.clear();
      for (const c of page.items) overdueCases.set(c.id, c);
      renderOverdue();
    } catch (e) {
      put(overdueBox, h('p', { class: 'empty' }, errorText(e)));
    }
  }

  function trackOverdue(c: CaseView): void {
    const open = c.status !== 'selesai' && c.status !== 'ditolak';
    if (c.slaState === 'overdue' && open) overdueCases.set(c.id, c);
    else if (!overdueCases.delete(c.id)) return;
    renderOverdue();
  }

  // ---- live merge ----
  function upsert(c: CaseView, isNew: boolean): void {
    trackOverdue(c);
    const known = feedCases.has(c.id) || triageCases.has(c.id);
    feedCases.set(c.id, c);
    if (c.status === 'perlu_ditinjau') triageCases.set(c.id, c);
    else triageCases.delete(c.id);
    if (isNew && !known) countNew(c);
    renderFeed(isNew && !known ? new Set([c.id]) : new Set());
    renderTriage();
    if (statsMode === 'local') renderCounters();
    else if (!isNew || known) refetchStatsSoon();
    else renderCounters();
  }

  function onLive(e: LiveEvent): void {
    switch (e.type) {
      case 'created':
        upsert(e.c, true);
        break;
      case 'updated':
        upsert(e.c, false);
        break;
      case 'caught_up': {
        const fresh = new Set<string>();
        for (const c of e.items) {
          if (!feedCases.has(c.id) && !triageCases.has(c.id)) {
            fresh.add(c.id);
            countNew(c);
          }
          feedCases.set(c.id, c);
          if (c.status === 'perlu_ditinjau') triageCases.set(c.id, c);
          else triageCases.delete(c.id);
          trackOverdue(c);
        }
        renderFeed(fresh);
        renderTriage();
        renderCounters();
        refetchStatsSoon();
        if (fresh.size) ctx.toast(`${fresh.size} kasus yang terlewat selama koneksi terputus telah dimuat.`, 'info');
        break;
      }
      case 'health':
        onHealth(e.h);
        break;
      case 'alert':
        alerts.unshift({ ...e.a, createdAt: e.a.createdAt ?? new Date().toISOString() });
        renderAlerts();
        break;
      case 'state':
        if (e.state === 'online') void loadHealth();
        break;
    }
  }

  // ---- initial load ----
  void (async () => {
    opds = await loadOpds();
    const [recent, queue] = await Promise.allSettled([listCases({ limit: 50 }), listCases({ status: 'perlu_ditinjau', limit: 50 })]);
    if (recent.status === 'fulfilled') {
      for (const c of recent.value.page.items) {
        feedCases.set(c.id, c);
        ctx.live.seen(c.id);
      }
      renderFeed();
    } else put(feed, h('p', { class: 'empty' }, errorText(recent.reason)));
    if (queue.status === 'fulfilled') {
      for (const c of queue.value.page.items) {
        if (c.status !== 'perlu_ditinjau') continue;
        triageCases.set(c.id, c);
        ctx.live.seen(c.id);
      }
      renderTriage();
    } else put(triage, h('p', { class: 'empty' }, errorText(queue.reason)));
    await loadStats();
  })();
  void loadHealth();
  void loadAlerts();
  void loadOverdue();
  timers.push(window.setInterval(() => void loadOverdue(), 120_000));
  timers.push(window.setInterval(() => void loadHealth(), 60_000));
  timers.push(window.setInterval(() => void loadAlerts(), 120_000));

  return {
    title: 'Pantauan langsung',
    el,
    onLive,
    dispose() {
      timers.forEach((t) => window.clearInterval(t));
      window.clearTimeout(statsTimer);
    },
  };
}

