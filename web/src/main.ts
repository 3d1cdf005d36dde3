// The shell: session, role-aware navigation, a small history router, the offline banner and toasts.
import { api, auth, session } from './api.js';
import { refreshDueChips } from './components.js';
import { loadCalendar } from './data.js';
import type { View, ViewContext, ViewFactory } from './context.js';
import { h, put } from './dom.js';
import { ROLE } from './i18n.js';
import { Live, type LiveEvent } from './live.js';
import type { Role, User } from './types.js';
import { adminView } from './views/admin.js';
import { caseView } from './views/case.js';
import { inboxView } from './views/inbox.js';
import { loginView } from './views/login.js';
import { monitorView } from './views/monitor.js';
import { summaryView, weeklyView } from './views/summary.js';

interface NavItem {
  path: string;
  label: string;
  roles: Role[];
}

const NAV: NavItem[] = [
  { path: '/pantauan', label: 'Pantauan langsung', roles: ['admin', 'operator', 'pimpinan'] },
  { path: '/kotak-masuk', label: 'Kotak masuk', roles: ['admin', 'operator', 'opd'] },
  { path: '/ringkasan', label: 'Ringkasan', roles: ['admin', 'operator', 'pimpinan'] },
  { path: '/admin', label: 'Admin', roles: ['admin', 'operator'] },
];

interface Route {
  pattern: RegExp;
  keys: string[];
  roles: Role[];
  view: ViewFactory;
}

const ALL: Role[] = ['admin', 'operator', 'opd', 'pimpinan'];
const ROUTES: Route[] = [
  { pattern: /^\/pantauan\/?$/, keys: [], roles: NAV[0].roles, view: monitorView },
  { pattern: /^\/kotak-masuk\/?$/, keys: [], roles: NAV[1].roles, view: inboxView },
  { pattern: /^\/kasus\/([^/]+)\/?$/, keys: ['id'], roles: ALL, view: caseView },
  { pattern: /^\/ringkasan\/?$/, keys: [], roles: NAV[2].roles, view: summaryView },
  { pattern: /^\/ringkasan\/mingguan\/([^/]+)\/?$/, keys: ['week'], roles: NAV[2].roles, view: weeklyView },
  { pattern: /^\/admin\/?$/, keys: [], roles: NAV[3].roles, view: adminView },
];

export function homeFor(role: Role): string {
  if (role === 'opd') return '/kotak-masuk';
  if (role === 'pimpinan') return '/ringkasan';
  return '/pantauan';
}

const root = document.getElementById('app')!;
const live = new Live();
let current: View | null = null;
let user: User | null = null;
const banner = h('div', { class: 'offline-banner', role: 'status', hidden: true, 'data-testid': 'offline-banner' }, 'Koneksi terputus — mencoba menyambung kembali…');
const toasts = h('div', { class: 'toasts', 'aria-live': 'polite' });
const main = h('main', { id: 'main', class: 'main' });
const nav = h('nav', { class: 'nav', 'aria-label': 'Navigasi utama' });

function toast(text: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
  const t = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  toasts.appendChild(t);
  window.setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

live.on((e: LiveEvent) => {
  if (e.type === 'state') banner.hidden = e.state !== 'offline';
  // Escalation: an OPD hears at once when one of its cases nears or passes its deadline.
  if (e.type === 'alert' && user?.role === 'opd' && e.a.type.startsWith('sla_')) toast(`Peringatan tenggat: ${e.a.message}`, e.a.type === 'sla_overdue' ? 'error' : 'info');
  current?.onLive?.(e);
});

function renderNav(u: User): void {
  const here = location.pathname;
  put(
    nav,
    ...NAV.filter((n) => n.roles.includes(u.role)).map((n) =>
      h('a', { href: n.path, class: here.startsWith(n.path) ? 'active' : null, 'aria-current': here.startsWith(n.path) ? 'page' : null, 'data-nav': n.path }, n.label),
    ),
  );
}

function shell(u: User): void {
  const logout = h('button', { type: 'button', class: 'ghost logout' }, 'Keluar');
  logout.addEventListener('click', () => {
    live.stop();
    void auth.logout().then(() => {
      user = null;
      history.replaceState(null, '', '/masuk');
      render('Anda sudah keluar.');
    });
  });
  put(
    root,
    h('a', { class: 'skip', href: '#main' }, 'Langsung ke isi'),
    h(
      'header',
      { class: 'topbar' },
      h('a', { class: 'brand', href: homeFor(u.role) }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'SW'), h('span', null, 'Suara Warga')),
      nav,
      h(
        'div',
        { class: 'who' },
        // A display name that is the role ("Operator Diskominfo") is said once, as the role (which a phone shows too).
        (u.displayName || u.username).trim().toLowerCase() === (ROLE[u.role] ?? u.role).toLowerCase() ? null : h('span', { class: 'who-name' }, u.displayName || u.username),
        h('span', { class: 'who-role', 'data-role': u.role }, ROLE[u.role] ?? u.role),
        logout,
      ),
    ),
    banner,
    main,
    toasts,
  );
}

function render(notice?: string): void {
  current?.dispose?.();
  current = null;
  const s = session.get();
  if (!s) {
    user = null;
    live.stop();
    if (location.pathname !== '/masuk') history.replaceState(null, '', '/masuk');
    document.title = 'Masuk · Suara Warga';
    put(
      root,
      loginView((u) => {
        user = u;
        history.replaceState(null, '', homeFor(u.role));
        render();
      }, notice),
    );
    return;
  }
  if (!user || user.id !== s.user.id) {
    user = s.user;
    shell(user);
  } else if (!root.contains(main)) {
    shell(user);
  }
  live.start();
  void loadCalendar(() => refreshDueChips(main));
  const path = location.pathname;
  if (path === '/' || path === '/masuk') return navigate(homeFor(user.role), true);
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route || !route.roles.includes(user.role)) {
    if (route) toast('Halaman itu tidak tersedia untuk peran Anda.', 'error');
    return navigate(homeFor(user.role), true);
  }
  const m = route.pattern.exec(path)!;
  const params: Record<string, string> = {};
  route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
  renderNav(user);
  const ctx: ViewContext = { user, live, params, query: new URLSearchParams(location.search), navigate, toast };
  current = route.view(ctx);
  put(main, current.el);
  document.title = `${current.title} · Suara Warga`;
  main.dataset.view = route.pattern.source;
  window.scrollTo(0, 0);
}

// Same-origin links go through the router (no reload); modified clicks and downloads do not.
document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = (ev.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
  ev.preventDefault();
  navigate(href);
});
window.addEventListener('popstate', () => render());
auth.onExpired(() => {
  live.stop();
  user = null;
  history.replaceState(null, '', '/masuk');
  render('Sesi Anda berakhir. Silakan masuk lagi.');
});
window.setInterval(() => refreshDueChips(main), 30_000);

render();
// Re-read who we are (a changed role or OPD list takes effect without a new login).
if (session.get()) {
  void api
    .get<User>('/api/auth/me')
    .then((u) => {
      const s = session.get();
      if (s && u && (u.role !== s.user.role || u.opdCodes.join() !== s.user.opdCodes.join())) {
        sessionStorage.setItem('suara-warga.session', JSON.stringify({ ...s, user: u }));
        user = null;
        render();
      }
    })
    .catch(() => undefined);
}
