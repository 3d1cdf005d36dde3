// DOM building without HTML strings. Every piece of data (post text, author names, server
// messages) becomes a Text node, so hostile input such as `<script>` or `<img onerror>` renders
// literally. Nothing in web/ assigns innerHTML, and the page's CSP enforces Trusted Types.

export type Child = Node | string | number | null | undefined | false | Child[];
type Listener = (ev: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction']);

/** Only same-origin paths and http(s) links; `javascript:`, `data:` and the like are dropped. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const u = url.trim();
  if (/^\/(?!\/)/.test(u) || u.startsWith('#') || u.startsWith('blob:')) return u;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === 'function') {
        el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
      } else if (URL_ATTRS.has(k)) {
        const safe = safeUrl(String(v));
        if (safe) el.setAttribute(k, safe);
      } else if (k === 'value' && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) {
        el.value = String(v);
      } else if (k.startsWith('on')) {
        continue; // never an inline handler from a string
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of `el`. */
export function put(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  const o = h('option', { value }, label);
  o.selected = selected;
  return o;
}

export function select(name: string, options: Array<[string, string]>, value = '', attrs: Attrs = {}): HTMLSelectElement {
  const s = h('select', { name, ...attrs }, ...options.map(([v, l]) => option(v, l, v === value)));
  s.value = value;
  return s;
}

export function field(label: string, control: HTMLElement, extraClass = ''): HTMLLabelElement {
  return h('label', { class: `field ${extraClass}`.trim() }, h('span', { class: 'field-label' }, label), control);
}

/** A small "not available yet" note, for endpoints the backend does not provide yet. */
export function unavailable(what: string): HTMLElement {
  return h('p', { class: 'empty unavailable', 'data-unavailable': '' }, `${what} belum tersedia.`);
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}

export function badge(text: string, cls = ''): HTMLElement {
  return h('span', { class: `badge ${cls}`.trim() }, text);
}
