// Kotak masuk: the cases a user may act on, with filters, search, cursor pagination and live updates.
// Mobile first: one column of cards; the filters fold away behind a button on a phone.
import { download, errorText } from '../api.js';
import { byIdDesc, caseCard, reconcile } from '../components.js';
import { visibleTo, type View, type ViewContext } from '../context.js';
import { FILTER_LABEL, listCases, loadOpds } from '../data.js';
import { empty, field, h, put, select } from '../dom.js';
import { dmyToIso, fmt, INTENT, isoToDmy, PLATFORM, SENTIMENT, STATUS } from '../i18n.js';
import type { LiveEvent } from '../live.js';
import type { CaseView } from '../types.js';

const KEYS = ['q', 'status', 'intent', 'platform', 'sentiment', 'opd', 'from', 'to', 'overdue', 'sort'] as const;
type Filters = Partial<Record<(typeof KEYS)[number], string>>;
const PAGE = 25;

const opts = (m: Record<string, string>, all: string): Array<[string, string]> => [['', all], ...Object.entries(m)];

/** Whether a live case belongs in the list under the simple filters (text/date filters: unknown). */
function matches(c: CaseView, f: Filters): boolean {
  const inList = (v: string | undefined, x: string | undefined | null): boolean => !v || v.split(',').includes(x ?? '');
  return inList(f.status, c.status) && inList(f.intent, c.intent) && inList(f.platform, c.post.platform) && inList(f.sentiment, c.sentiment) && inList(f.opd, c.opd?.code);
}

export function inboxView(ctx: ViewContext): View {
  const f: Filters = {};
  for (const k of KEYS) {
    const v = ctx.query.get(k);
    if (v) f[k] = v;
  }
  const items = new Map<string, CaseView>();
  let cursor: string | null = null;
  /** How many cases match in all (the server's `total`); null when the server does not say. */
  let total: number | null = null;
  let loading = false;
  let pendingNew = 0;
  const staff = ctx.user.role !== 'opd';

  const list = h('div', { class: 'case-list', 'data-testid': 'case-list' }, h('p', { class: 'empty' }, 'Memuat kasus…'));
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Muat lagi');
  const info = h('p', { class: 'list-info', role: 'status' });
  const ignoredNote = h('p', { class: 'note', hidden: true });
  const newPill = h('button', { type: 'button', class: 'new-pill', hidden: true });

  // ---- filter form ----
  const q = h('input', { type: 'search', name: 'q', placeholder: 'Cari teks, nama, nomor SW-…', value: f.q ?? '', 'aria-label': 'Cari' });
  const status = select('status', opts(STATUS, 'Semua status'), f.status ?? '');
  const intent = select('intent', opts(INTENT, 'Semua jenis'), f.intent ?? '');
  const platform = select('platform', opts(PLATFORM, 'Semua platform'), f.platform ?? '');
  const sentiment = select('sentiment', opts(SENTIMENT, 'Semua sentimen'), f.sentiment ?? '');
  const opd = select('opd', [['', 'Semua OPD']], f.opd ?? '');
  // Text, not type=date: a browser in English would show mm/dd/yyyy; users write dd/mm/yyyy.
  const dateInput = (name: string, iso: string | undefined): HTMLInputElement =>
    h('input', { type: 'text', name, inputmode: 'numeric', placeholder: 'hh/bb/tttt', pattern: '\\d{1,2}(/|-|\\.)\\d{1,2}(/|-|\\.)\\d{4}', title: 'Tanggal dalam format hh/bb/tttt, mis. 08/12/2026', value: isoToDmy(iso) });
  const from = dateInput('from', f.from);
  const to = dateInput('to', f.to);
  const overdue = h('input', { type: 'checkbox', name: 'overdue' });
  overdue.checked = f.overdue === 'true';
  // No sort chosen: the server orders a search by relevance and the rest newest first.
  const sort = select('sort', [['', 'Terbaru / paling cocok'], ['newest', 'Terbaru'], ['oldest', 'Terlama'], ['deadline', 'Tenggat terdekat']], f.sort ?? '');
  const toggle = h('button', { type: 'button', class: 'ghost filters-toggle', 'aria-expanded': 'false' }, 'Filter');
  const reset = h('button', { type: 'reset', class: 'ghost' }, 'Atur ulang');
  const more2 = h(
    'div',
    { class: 'filters-more' },
    field('Status', status),
    field('Jenis', intent),
    field('Platform', platform),
    field('Sentimen', sentiment),
    staff ? field('OPD', opd) : null,
    field('Dari tanggal', from),
    field('Sampai tanggal', to),
    field('Urutan', sort),
    h('label', { class: 'field check' }, overdue, h('span', null, 'Hanya yang lewat tenggat')),
    h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Terapkan'), reset),
  );
  const form = h('form', { class: 'filters collapsed', role: 'search' }, h('div', { class: 'search-row' }, q, h('button', { type: 'submit', class: 'primary' }, 'Cari'), toggle), more2);
  toggle.addEventListener('click', () => {
    const open = form.classList.toggle('collapsed') === false;
    toggle.setAttribute('aria-expanded', String(open));
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    readForm();
    void reload();
  });
  form.addEventListener('reset', () => {
    window.setTimeout(() => {
      for (const k of KEYS) delete f[k];
      sort.value = '';
      void reload();
    }, 0);
  });
  if (staff)
    void loadOpds().then((list) => {
      for (const o of list) opd.appendChild(h('option', { value: o.code }, o.code));
      opd.value = f.opd ?? '';
    });

  function readForm(): void {
    const v: Filters = {
      q: q.value.trim(),
      status: status.value,
      intent: intent.value,
      platform: platform.value,
      sentiment: sentiment.value,
      opd: staff ? opd.value : '',
      from: dmyToIso(from.value) ?? '',
      to: dmyToIso(to.value) ?? '',
      overdue: overdue.checked ? 'true' : '',
      sort: sort.value,
    };
    for (const k of KEYS) {
      if (v[k]) f[k] = v[k];
      else delete f[k];
    }
    const qs = new URLSearchParams(f).toString();
    history.replaceState(null, '', `/kotak-masuk${qs ? `?${qs}` : ''}`);
  }

  const exportBtn = staff
    ? h('button', { type: 'button', class: 'ghost' }, 'Unduh CSV')
    : null;
  exportBtn?.addEventListener('click', () => {
    download('/api/cases/export.csv', 'kasus-suara-warga.csv', { ...f, format: 'csv' }).catch((e: unknown) => ctx.toast(`Unduh CSV: ${errorText(e)}`, 'error'));
  });

  // The deadline queues one tap away (on a phone the filters are folded): late first, or soonest first.
  const quick = (text: string, query: Filters, testid: string): HTMLAnchorElement => {
    const on = Object.entries(query).every(([k, v]) => f[k as keyof Filters] === v) && Object.keys(f).length === Object.keys(query).length;
    const a = h('a', { class: `chip-link${on ? ' on' : ''}`, href: `/kotak-masuk?${new URLSearchParams(query as Record<string, string>).toString()}`, 'data-testid': testid, 'aria-current': on ? 'true' : null }, text);
    return a;
  };
  const queues = h(
    'nav',
    { class: 'quick-queues', 'aria-label': 'Antrean cepat' },
    quick('Semua', {}, 'queue-all'),
    quick('Lewat tenggat', { overdue: 'true', sort: 'deadline' }, 'queue-overdue'),
    quick('Tenggat terdekat', { sort: 'deadline' }, 'queue-deadline'),
  );

  const el = h(
    'div',
    { class: 'view inbox' },
    h('div', { class: 'view-head' }, h('h1', null, 'Kotak masuk'), ctx.user.role === 'opd' ? h('span', { class: 'sub' }, ctx.user.opdCodes.join(', ')) : null, h('span', { class: 'spacer' }), exportBtn),
    form,
    queues,
    ignoredNote,
    newPill,
    info,
    list,
    more,
  );

  function render(): void {
    const arr = [...items.values()];
    // A search without a chosen order keeps the server's (relevance) order.
    if ((!f.sort && !f.q) || f.sort === 'newest') arr.sort(byIdDesc);
    if (!arr.length) {
      put(list, empty(Object.keys(f).length ? 'Tidak ada kasus yang cocok dengan filter.' : 'Kotak masuk kosong.'));
    } else {
      reconcile(list, arr, (c) => `${c.id}:${c.version}`, (c) => caseCard(c, { link: true }));
    }
    info.textContent = !arr.length ? '' : total !== null && total >= arr.length ? `Menampilkan ${fmt.number(arr.length)} dari ${fmt.number(total)} kasus` : `Menampilkan ${fmt.number(arr.length)} kasus`;
    more.hidden = !cursor;
  }

  async function load(append: boolean): Promise<void> {
    if (loading) return;
    loading = true;
    more.disabled = true;
    more.textContent = 'Memuat…';
    try {
      const query: Record<string, string | number> = { ...f, limit: PAGE };
      if (append && cursor) query.cursor = cursor;
      const { page, ignored } = await listCases(query);
      if (!append) items.clear();
      total = page.total ?? null;
      for (const c of page.items) {
        items.set(c.id, c);
        ctx.live.seen(c.id);
      }
      cursor = page.items.length < PAGE ? null : page.nextCursor;
      ignoredNote.hidden = !ignored.length;
      ignoredNote.textContent = ignored.length ? `Sebagian filter belum didukung server dan diabaikan: ${ignored.map((k) => FILTER_LABEL[k] ?? k).join(', ')}.` : '';
      render();
    } catch (e) {
      put(list, h('p', { class: 'empty error' }, errorText(e)));
    } finally {
      loading = false;
      more.disabled = false;
      more.textContent = 'Muat lagi';
    }
  }

  async function reload(): Promise<void> {
    pendingNew = 0;
    newPill.hidden = true;
    cursor = null;
    await load(false);
  }

  more.addEventListener('click', () => void load(true));
  newPill.addEventListener('click', () => void reload());

  const exact = (): boolean => !f.q && !f.from && !f.to && !f.overdue && (!f.sort || f.sort === 'newest');

  function onCase(c: CaseView, isNew: boolean): void {
    const fits = visibleTo(ctx.user, c) && matches(c, f);
    if (items.has(c.id)) {
      if (fits || !exact()) items.set(c.id, c);
      else items.delete(c.id);
      render();
      return;
    }
    if (!fits) return;
    if (exact()) {
      items.set(c.id, c);
      if (isNew && total !== null) total++;
      render();
      list.querySelector(`[data-case-id="${CSS.escape(c.id)}"]`)?.classList.add('fresh');
    } else if (isNew) {
      pendingNew++;
      newPill.textContent = `${pendingNew} kasus baru — tampilkan`;
      newPill.hidden = false;
    }
  }

  function onLive(e: LiveEvent): void {
    if (e.type === 'created') onCase(e.c, true);
    else if (e.type === 'updated') onCase(e.c, false);
    // What a reconnect catches up on is new only to the plain list; a search or a filtered view
    // opened directly has seen few ids, and would count the whole backlog as new.
    else if (e.type === 'caught_up') e.items.forEach((c) => onCase(c, exact()));
  }

  void load(false);
  return { title: 'Kotak masuk', el, onLive };
}
