// Quarantined items of one connector account, shown on the monitor's connector panel: what could
// not be taken in, with "Coba lagi" (map and store it again) and "Abaikan" (set it aside).
import { api, errorText } from '../api.js';
import { relTime } from '../components.js';
import { h, put } from '../dom.js';

interface QuarantinedItem {
  id: string;
  externalId: string | null;
  stage: string;
  error: string;
  state: string;
  attempts: number;
  createdAt: string;
}

const STAGE: Record<string, string> = {
  map: 'tidak terbaca',
  store: 'gagal disimpan',
  identity: 'identitas berubah',
};

/** "3 item dikarantina" that opens the list of the account's open quarantined items. */
export function quarantineToggle(accountId: string, count: number, onChange: () => void): HTMLElement | null {
  if (!count) return null;
  const list = h('ul', { class: 'quarantine-list', hidden: true, 'data-testid': 'quarantine-list' });
  const load = async (): Promise<void> => {
    put(list, h('li', { class: 'empty' }, 'Memuat…'));
    try {
      const r = await api.get<{ items: QuarantinedItem[] }>('/api/quarantine', { accountId, state: 'open', limit: '20' });
      if (!r.items.length) return put(list, h('li', { class: 'empty' }, 'Tidak ada item dikarantina.'));
      put(list, ...r.items.map((q) => row(q)));
    } catch (e) {
      put(list, h('li', { class: 'empty' }, errorText(e)));
    }
  };
  const act = async (q: QuarantinedItem, action: 'retry' | 'dismiss', msg: HTMLElement): Promise<void> => {
    try {
      const r = await api.post<{ state: string; retried?: boolean; error: string }>(`/api/quarantine/${encodeURIComponent(q.id)}/${action}`);
      msg.textContent = action === 'dismiss' ? 'Diabaikan.' : r.retried ? 'Berhasil masuk.' : `Masih gagal: ${r.error}`;
      onChange();
    } catch (e) {
      msg.textContent = errorText(e);
    }
  };
  const row = (q: QuarantinedItem): HTMLElement => {
    const msg = h('span', { class: 'quarantine-msg', role: 'status' });
    return h(
      'li',
      { class: 'quarantine-item', 'data-quarantine': q.id },
      h('span', { class: 'q-stage' }, STAGE[q.stage] ?? q.stage),
      h('span', { class: 'q-id' }, q.externalId ? `#${q.externalId}` : 'tanpa id'),
      h('span', { class: 'q-error' }, q.error),
      h('span', { class: 'q-attempts' }, `${q.attempts}× dicoba`),
      relTime(q.createdAt),
      h('button', { type: 'button', class: 'small', onclick: () => void act(q, 'retry', msg) }, 'Coba lagi'),
      h('button', { type: 'button', class: 'small', onclick: () => void act(q, 'dismiss', msg) }, 'Abaikan'),
      msg,
    );
  };
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'quarantine-count small',
      'aria-expanded': 'false',
      'data-testid': 'quarantine-count',
      onclick: () => {
        list.hidden = !list.hidden;
        toggle.setAttribute('aria-expanded', String(!list.hidden));
        if (!list.hidden) void load();
      },
    },
    `${count} item dikarantina`,
  );
  return h('span', { class: 'quarantine' }, toggle, list);
}
