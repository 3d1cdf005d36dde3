// Admin: connector accounts (enable, re-authorise with new credentials), users, OPDs and routing
// rules. Each block degrades on its own; an operator sees what the server lets an operator see.
import { api, ApiError, errorText, isUnavailable } from '../api.js';
import { platformBadge } from '../components.js';
import type { View, ViewContext } from '../context.js';
import { badge, empty, field, h, put, select, unavailable } from '../dom.js';
import { fmt, ROLE } from '../i18n.js';
import type { HealthReport, Opd, User } from '../types.js';
import { healthText } from './monitor.js';

interface Account {
  id: string;
  platform: string;
  handle: string;
  enabled: boolean;
  pollIntervalSec?: number;
  healthState?: string;
  state?: string;
  retryAt?: string | null;
  lastSuccessAt?: string | null;
}

interface RoutingRule {
  opdCode: string;
  strong?: string[];
  keywords?: string[];
}

const items = <T>(r: T[] | { items?: T[] } | null | undefined): T[] => (Array.isArray(r) ? r : Array.isArray(r?.items) ? r.items : []);

function blockError(what: string, e: unknown): HTMLElement {
  if (isUnavailable(e)) return unavailable(what);
  if (e instanceof ApiError && e.status === 403) return empty(`${what}: hanya untuk administrator.`);
  return h('p', { class: 'empty error' }, `${what}: ${errorText(e)}`);
}

export function adminView(ctx: ViewContext): View {
  const isAdmin = ctx.user.role === 'admin';
  const accountsBox = h('div', { 'data-testid': 'admin-accounts' }, empty('Memuat…'));
  const usersBox = h('div', { 'data-testid': 'admin-users' }, empty('Memuat…'));
  const opdBox = h('div', { 'data-testid': 'admin-opds' }, empty('Memuat…'));
  const rulesBox = h('div', { 'data-testid': 'admin-rules' }, empty('Memuat…'));
  const el = h(
    'div',
    { class: 'view admin' },
    h('div', { class: 'view-head' }, h('h1', null, 'Admin')),
    h('section', { class: 'panel', id: 'akun' }, h('h2', null, 'Akun media sosial'), accountsBox),
    // Only an admin manages users (GET /api/users is admin-only): an operator is not shown the block.
    h('div', { class: 'summary-grid' }, isAdmin ? h('section', { class: 'panel' }, h('h2', null, 'Pengguna'), usersBox) : null, h('section', { class: 'panel' }, h('h2', null, 'OPD'), opdBox)),
    h('section', { class: 'panel' }, h('h2', null, 'Aturan perutean'), rulesBox),
  );

  async function loadAccounts(): Promise<void> {
    try {
      const list = items(await api.get<Account[] | { items: Account[] }>('/api/accounts'));
      if (!list.length) return put(accountsBox, empty('Belum ada akun.'));
      put(accountsBox, h('ul', { class: 'admin-list' }, ...list.map(accountRow)));
    } catch (e) {
      if (!isUnavailable(e)) return put(accountsBox, blockError('Akun', e));
      // Not built yet: show at least what /api/health knows, read-only.
      try {
        const r = await api.get<HealthReport>('/api/health');
        put(
          accountsBox,
          h('p', { class: 'note' }, 'Pengelolaan akun belum tersedia; status diambil dari pemeriksaan kesehatan.'),
          h('ul', { class: 'admin-list' }, ...(r.connectors ?? []).map((a) => h('li', { class: `state-${a.state.replace(/[^a-z_]/g, '')}` }, platformBadge(a.platform), h('span', { class: 'handle' }, `@${a.handle}`), h('span', { class: 'state' }, healthText(a.state, a.retryAt))))),
        );
      } catch (e2) {
        put(accountsBox, blockError('Akun', e2));
      }
    }
  }

  function accountRow(a: Account): HTMLElement {
    const state = a.healthState ?? a.state ?? 'ok';
    const toggle = h('button', { type: 'button', class: 'ghost small' }, a.enabled ? 'Nonaktifkan' : 'Aktifkan');
    toggle.addEventListener('click', () => {
      api
        .patch(`/api/accounts/${encodeURIComponent(a.id)}`, { enabled: !a.enabled })
        .then(() => {
          ctx.toast(`Akun @${a.handle} ${a.enabled ? 'dinonaktifkan' : 'diaktifkan'}.`, 'ok');
          void loadAccounts();
        })
        .catch((e: unknown) => ctx.toast(errorText(e), 'error'));
    });
    const creds = h('textarea', { rows: 3, required: true, spellcheck: 'false', placeholder: '{"userAccessToken": "…"}', 'aria-label': 'Kredensial baru (JSON)' });
    const form = h('form', { class: 'action-form' }, field('Kredensial baru (JSON, tidak pernah ditampilkan lagi)', creds), h('button', { type: 'submit', class: 'primary small' }, 'Simpan & otorisasi ulang'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      let credentials: unknown;
      try {
        credentials = JSON.parse(creds.value);
      } catch {
        ctx.toast('Kredensial harus berupa JSON yang valid.', 'error');
        return;
      }
      api
        .patch(`/api/accounts/${encodeURIComponent(a.id)}`, { credentials })
        .then(() => {
          creds.value = '';
          ctx.toast(`Kredensial @${a.handle} diperbarui.`, 'ok');
          void loadAccounts();
        })
        .catch((e: unknown) => ctx.toast(errorText(e), 'error'));
    });
    return h(
      'li',
      { class: `state-${state.replace(/[^a-z_]/g, '')}` },
      platformBadge(a.platform),
      h('span', { class: 'handle' }, `@${a.handle}`),
      h('span', { class: 'state' }, healthText(state, a.retryAt)),
      a.enabled ? null : badge('nonaktif', 'muted'),
      a.pollIntervalSec ? h('span', { class: 'muted' }, `tiap ${a.pollIntervalSec} dtk`) : null,
      a.lastSuccessAt ? h('span', { class: 'muted' }, `berhasil ${fmt.relative(a.lastSuccessAt)}`) : null,
      isAdmin ? toggle : null,
      isAdmin ? h('details', { class: 'action' }, h('summary', null, 'Otorisasi ulang'), form) : null,
    );
  }

  async function loadUsers(): Promise<void> {
    try {
      const list = items(await api.get<User[] | { items: User[] }>('/api/users'));
      put(
        usersBox,
        list.length
          ? h('ul', { class: 'admin-list' }, ...list.map((u) => h('li', null, h('strong', null, u.displayName || u.username), h('span', { class: 'muted' }, u.username), badge(ROLE[u.role] ?? u.role), u.opdCodes?.length ? h('span', null, u.opdCodes.join(', ')) : null)))
          : empty('Belum ada pengguna.'),
        isAdmin ? newUserForm() : null,
      );
    } catch (e) {
      put(usersBox, blockError('Daftar pengguna', e));
    }
  }

  function newUserForm(): HTMLElement {
    const username = h('input', { name: 'username', required: true, autocomplete: 'off' });
    const displayName = h('input', { name: 'displayName', required: true });
    const password = h('input', { name: 'password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' });
    const role = select('role', Object.entries(ROLE), 'opd');
    const opdCodes = h('input', { name: 'opdCodes', placeholder: 'mis. DPUPR,PDAM' });
    const f = h('form', { class: 'action-form' }, field('Nama pengguna', username), field('Nama tampilan', displayName), field('Kata sandi', password), field('Peran', role), field('OPD (untuk staf OPD)', opdCodes), h('button', { type: 'submit', class: 'primary small' }, 'Tambah pengguna'));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const codes = opdCodes.value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
      api
        .post('/api/users', { username: username.value.trim(), displayName: displayName.value.trim(), password: password.value, role: role.value, opdCodes: codes })
        .then(() => {
          ctx.toast(`Pengguna ${username.value.trim()} ditambahkan.`, 'ok');
          void loadUsers();
        })
        .catch((e: unknown) => ctx.toast(errorText(e), 'error'));
    });
    return h('details', { class: 'action' }, h('summary', null, 'Tambah pengguna'), f);
  }

  async function loadOpdList(): Promise<void> {
    try {
      const list = items(await api.get<Opd[] | { items: Opd[] }>('/api/opds'));
      put(opdBox, list.length ? h('ul', { class: 'admin-list' }, ...list.map((o) => h('li', null, badge(o.code, 'opd'), h('span', null, o.name), o.active === false ? badge('nonaktif', 'muted') : null))) : empty('Belum ada OPD.'));
    } catch (e) {
      put(opdBox, blockError('Daftar OPD', e));
    }
  }

  async function loadRules(): Promise<void> {
    try {
      const list = items(await api.get<RoutingRule[] | { items: RoutingRule[] }>('/api/routing-rules'));
      put(
        rulesBox,
        list.length
          ? h('ul', { class: 'admin-list rules' }, ...list.map((r) => h('li', null, badge(r.opdCode, 'opd'), h('span', null, [...(r.strong ?? []), ...(r.keywords ?? [])].slice(0, 20).join(', ') || '–'))))
          : empty('Belum ada aturan.'),
      );
    } catch (e) {
      put(rulesBox, blockError('Aturan perutean', e));
    }
  }

  void loadAccounts();
  if (isAdmin) void loadUsers();
  void loadOpdList();
  void loadRules();
  return { title: 'Admin', el };
}
