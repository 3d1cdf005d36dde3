// Pieces shared by the views: a case row, chips, the deadline countdown. All text goes through h().
import { badge, h } from './dom.js';
import { currentCalendar } from './data.js';
import { deadlineLabel } from './deadline.js';
import { fmt, INTENT, label, PLATFORM, SENTIMENT, STATUS } from './i18n.js';
import type { CaseView, PostView, SlaState } from './types.js';

export function platformBadge(platform: string): HTMLElement {
  return badge(label(PLATFORM, platform), `platform platform-${platform.replace(/[^a-z]/g, '')}`);
}

export function intentBadge(intent: string): HTMLElement {
  return badge(label(INTENT, intent), `intent intent-${intent.replace(/[^a-z]/g, '')}`);
}

export function sentimentBadge(sentiment: string): HTMLElement {
  return badge(label(SENTIMENT, sentiment), `sentiment sentiment-${sentiment.replace(/[^a-z]/g, '')}`);
}

export function statusBadge(status: string): HTMLElement {
  return badge(label(STATUS, status), `status status-${status.replace(/[^a-z_]/g, '')}`);
}

export function author(p: Pick<PostView, 'authorName' | 'authorUsername'>): HTMLElement {
  return h(
    'span',
    { class: 'author' },
    h('strong', { class: 'author-name' }, p.authorName || p.authorUsername || 'Anonim'),
    p.authorUsername ? h('span', { class: 'author-handle' }, ` @${p.authorUsername}`) : null,
  );
}

export function locationText(c: Pick<CaseView, 'location'>): string | null {
  const l = c.location;
  if (!l || (!l.kecamatan && !l.desa)) return null;
  return [l.desa, l.kecamatan ? `Kec. ${l.kecamatan}` : null].filter(Boolean).join(', ');
}

/** The deadline in words ("Tenggat: 3 hari kerja lagi"); the shell's ticker refreshes every [data-due] element. */
export function dueChip(dueAt: string | null | undefined, slaState?: SlaState | null): HTMLElement | null {
  if (!dueAt) return slaState === 'overdue' ? badge('Terlambat', 'due due-late') : null;
  const d = deadlineLabel(dueAt, slaState, new Date(), currentCalendar());
  return h('span', { class: `badge due due-${d.tone}`, 'data-due': dueAt, 'data-sla': slaState ?? '', 'data-testid': 'due', title: `Tenggat ${fmt.dateTime(dueAt)}` }, `Tenggat: ${d.text}`);
}

export function refreshDueChips(root: ParentNode = document): void {
  const now = new Date();
  root.querySelectorAll<HTMLElement>('[data-due]').forEach((el) => {
    if (!el.dataset.due) return;
    const d = deadlineLabel(el.dataset.due, (el.dataset.sla || null) as SlaState | null, now, currentCalendar());
    el.textContent = `Tenggat: ${d.text}`;
    el.classList.remove('due-ok', 'due-soon', 'due-late');
    el.classList.add(`due-${d.tone}`);
  });
  root.querySelectorAll<HTMLElement>('[data-rel-time]').forEach((el) => {
    el.textContent = fmt.relative(el.dataset.relTime);
  });
}

export function relTime(iso: string): HTMLElement {
  return h('time', { datetime: iso, title: fmt.dateTime(iso), 'data-rel-time': iso }, fmt.relative(iso));
}

/** One case as a compact card: platform, author, time, text, labels, OPD, place, deadline. */
export function caseCard(c: CaseView, opts: { link?: boolean; extra?: HTMLElement | null; fresh?: boolean } = {}): HTMLElement {
  const text = c.post.deleted ? h('p', { class: 'post-text deleted' }, '(unggahan sudah dihapus oleh penulisnya)') : h('p', { class: 'post-text' }, c.post.text);
  const loc = locationText(c);
  const body = [
    h('div', { class: 'card-top' }, platformBadge(c.post.platform), author(c.post), h('span', { class: 'spacer' }), relTime(c.post.postedAt || c.createdAt)),
    text,
    h(
      'div',
      { class: 'chips' },
      intentBadge(c.intent),
      sentimentBadge(c.sentiment),
      statusBadge(c.status),
      c.opd ? badge(c.opd.code, 'opd') : badge('Belum ada OPD', 'opd none'),
      loc ? badge(loc, 'loc') : null,
      dueChip(c.dueAt, c.slaState),
    ),
    h('div', { class: 'card-meta' }, h('span', { class: 'tracking' }, c.trackingNumber), c.topic ? h('span', { class: 'topic' }, `#${c.topic}`) : null),
  ];
  const attrs = {
    class: `case-card${opts.fresh ? ' fresh' : ''}${c.slaState === 'overdue' ? ' overdue' : ''}`,
    'data-case-id': c.id,
    'data-opd': c.opd?.code ?? '',
    'data-status': c.status,
  };
  if (opts.link) return h('article', attrs, h('a', { class: 'card-link', href: `/kasus/${encodeURIComponent(c.id)}` }, ...body), opts.extra ?? null);
  return h('article', attrs, ...body, opts.extra ?? null);
}

export function section(title: string, ...children: Array<Node | null>): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', null, title), ...children);
}

/** Compares numeric string ids (newest first). */
export function byIdDesc(a: { id: string }, b: { id: string }): number {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x > y ? -1 : 1;
}

/**
 * Keyed list update: nodes whose key (e.g. id:version) is unchanged are kept as they are, so a live
 * update elsewhere in the list neither replays animations nor drops what a user is typing or choosing.
 */
export function reconcile<T>(container: HTMLElement, items: T[], key: (t: T) => string, build: (t: T) => HTMLElement): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(container.children)) {
    const k = (child as HTMLElement).dataset.key;
    if (k) existing.set(k, child as HTMLElement);
  }
  items.forEach((t, i) => {
    const k = key(t);
    let node = existing.get(k);
    if (!node) {
      node = build(t);
      node.dataset.key = k;
    }
    const at = container.children[i];
    if (at !== node) container.insertBefore(node, at ?? null);
  });
  while (container.children.length > items.length) container.lastElementChild!.remove();
}
