// Halaman kasus: the original post and its thread, a link to it on the platform, the history, the
// replies with their delivery state, and the workflow actions the user's role allows. A 409 conflict
// says so plainly and reloads the case.
import { api, ApiError, errorText } from '../api.js';
import { author, dueChip, intentBadge, locationText, platformBadge, relTime, sentimentBadge, statusBadge } from '../components.js';
import { canTriage, canWork, type View, type ViewContext } from '../context.js';
import { currentCalendar, getCase, loadOpds } from '../data.js';
import { deadlineLabel } from '../deadline.js';
import { badge, empty, field, h, put, select, unavailable } from '../dom.js';
import { actorLabel, EVENT, fmt, INTENT, label, PLATFORM, REJECT_REASON, REPLY_STATE, SENTIMENT, STATUS, STATUS_REASON } from '../i18n.js';
import type { LiveEvent } from '../live.js';
import type { CaseDetail, CaseEventView, Opd, PostView, ReplyTemplate, ReplyView, ReturnedToTriage } from '../types.js';

const CLOSED = new Set(['selesai', 'ditolak']);

/** A reply whose outcome is not known yet: it may be on the platform already. */
// A citizen notice still waiting in its queue has not been tried: it cannot have posted anything.
const queuedNotice = (r: ReplyView): boolean => !!r.kind && r.kind !== 'reply' && r.state === 'pending' && !r.attempts;
const inFlight = (r: ReplyView): boolean => (r.state === 'pending' || r.state === 'unknown') && !queuedNotice(r);

const DATA_LABEL: Record<string, string> = {
  reason: 'alasan',
  note: 'catatan',
  text: 'teks',
  summary: 'ringkasan',
  from: 'dari',
  to: 'ke',
  opdCode: 'OPD',
  fromOpd: 'dari OPD',
  toOpd: 'ke OPD',
  intent: 'jenis',
  sentiment: 'sentimen',
  intoCaseId: 'digabung ke',
  trackingNumber: 'nomor',
  dueAt: 'tenggat',
  escalated: 'dieskalasi',
  change: 'perubahan',
  postId: 'unggahan',
  error: 'galat',
  state: 'status',
  status: 'status',
  statusReason: 'alasan status',
  replyId: 'balasan #',
  attempts: 'percobaan',
  externalId: 'ID di platform',
  opdName: 'nama OPD',
};

function showValue(k: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  const text = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  if (k === 'intent') return label(INTENT, text);
  if (k === 'sentiment') return label(SENTIMENT, text);
  if (k === 'status' || k === 'state') return STATUS[text] ?? label(REPLY_STATE, text);
  if (k === 'reason' || k === 'statusReason') return label(STATUS_REASON, text);
  if (k === 'dueAt') return fmt.dateTime(text);
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  return text;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** An event's data as text: before → after for changed fields, plain fields, technical rest folded away. */
function eventData(data: Record<string, unknown> | null): HTMLElement | null {
  if (!data) return null;
  const parts: HTMLElement[] = [];
  const kv = (k: string, v: string): HTMLElement => h('span', { class: 'ev-kv' }, h('span', { class: 'ev-k' }, `${DATA_LABEL[k] ?? k}: `), h('span', { class: 'ev-v' }, v));
  const before = isPlainObject(data.before) ? data.before : {};
  const after = isPlainObject(data.after) ? data.after : null;
  if (after) {
    for (const [k, v] of Object.entries(after)) {
      if (v === null && !(k in before)) continue;
      if (JSON.stringify(before[k]) === JSON.stringify(v)) continue;
      parts.push(kv(k, k in before ? `${showValue(k, before[k])} → ${showValue(k, v)}` : showValue(k, v)));
    }
  }
  const technical: Record<string, unknown> = {};
  // A re-route's from/to repeat the OPD change already shown from before → after.
  // Internal ids (a merge's other case, a post) mean nothing to users; the tracking number is shown.
  const shown = new Set([...(after && 'opdCode' in after ? ['from', 'to'] : []), ...(after ? ['change'] : [])]);
  const internalId = (k: string, v: unknown): boolean => (k === 'into' || k === 'postId' || k === 'from') && typeof v === 'string' && /^\d+$/.test(v);
  for (const [k, v] of Object.entries(data)) {
    if (k === 'before' || k === 'after' || shown.has(k) || internalId(k, v) || v === null || v === undefined || v === '') continue;
    if (typeof v === 'object') technical[k] = v;
    else parts.push(kv(k, showValue(k, v)));
  }
  if (Object.keys(technical).length) {
    parts.push(h('details', { class: 'ev-tech' }, h('summary', null, 'Detail teknis'), h('pre', null, JSON.stringify(technical, null, 2))));
  }
  return parts.length ? h('div', { class: 'ev-data' }, ...parts) : null;
}

function postBlock(p: PostView, cls = 'post'): HTMLElement {
  const platformName = label(PLATFORM, p.platform);
  return h(
    'article',
    { class: cls, 'data-post-id': p.id },
    h('div', { class: 'card-top' }, platformBadge(p.platform), author(p), h('span', { class: 'spacer' }), h('time', { datetime: p.postedAt, title: fmt.dateTime(p.postedAt) }, fmt.dateTime(p.postedAt))),
    p.deleted ? h('p', { class: 'post-text deleted' }, '(unggahan sudah dihapus oleh penulisnya)') : h('p', { class: 'post-text' }, p.text),
    h(
      'div',
      { class: 'post-foot' },
      p.textTruncated ? badge('teks terpotong', 'muted') : null,
      p.editedAt ? badge(`disunting ${fmt.dateTime(p.editedAt)}`, 'muted') : null,
      p.permalink ? h('a', { class: 'permalink', href: p.permalink, target: '_blank', rel: 'noopener noreferrer' }, `Lihat di ${platformName} ↗`) : null,
    ),
    p.revisions?.length
      ? h(
          'details',
          { class: 'revisions' },
          h('summary', null, `Versi sebelumnya (${p.revisions.length})`),
          h('ol', null, ...p.revisions.map((r) => h('li', null, h('time', null, fmt.dateTime(r.editedAt ?? r.capturedAt)), h('p', { class: 'post-text' }, r.text)))),
        )
      : null,
  );
}

export function caseView(ctx: ViewContext): View {
  const id = ctx.params.id;
  const role = ctx.user.role;
  let c: CaseDetail | null = null;
  let opds: Opd[] = [];
  let actionsKey = '';
  let busy = false;
  let templates: ReplyTemplate[] = [];
  let templatesLoad: Promise<ReplyTemplate[]> | null = null;
  const loadTemplates = (): Promise<ReplyTemplate[]> =>
    (templatesLoad ??= api
      .get<{ items: ReplyTemplate[] }>(`/api/cases/${encodeURIComponent(id)}/reply-templates`)
      .then((r) => (templates = r.items))
      .catch(() => []));

  const back = h('a', { href: role === 'pimpinan' ? '/pantauan' : '/kotak-masuk', class: 'back' }, role === 'pimpinan' ? '← Pantauan' : '← Kotak masuk');
  const head = h('div', { class: 'case-head' }, h('h1', null, 'Memuat kasus…'));
  const alertBox = h('div', { class: 'case-alert', role: 'alert', hidden: true, 'data-testid': 'case-alert' });
  const mainCol = h('div', { class: 'case-main' });
  const details = h('section', { class: 'panel case-details' });
  const actions = h('section', { class: 'panel case-actions', 'data-testid': 'case-actions' });
  const el = h('div', { class: 'view case' }, back, head, alertBox, h('div', { class: 'case-grid' }, mainCol, h('aside', { class: 'case-side' }, details, actions)));

  function showAlert(text: string, kind: 'error' | 'info' = 'error'): void {
    alertBox.textContent = text;
    alertBox.className = `case-alert case-alert-${kind}`;
    alertBox.hidden = false;
  }

  function renderHead(x: CaseDetail): void {
    document.title = `${x.trackingNumber} · Suara Warga`;
    put(
      head,
      h('h1', null, x.trackingNumber),
      h('div', { class: 'chips' }, statusBadge(x.status), intentBadge(x.intent), sentimentBadge(x.sentiment), x.opd ? badge(x.opd.code, 'opd') : badge('Belum ada OPD', 'opd none'), dueChip(x.dueAt, x.slaState)),
      x.statusReason ? h('p', { class: 'status-reason' }, `Alasan: ${label(STATUS_REASON, x.statusReason)}`) : null,
    );
  }

  function renderMain(x: CaseDetail): void {
    const events = [...(x.events ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    // The thread as the server sends it may include the original post itself.
    const thread = x.thread?.filter((p) => p.id !== x.post.id);
    put(
      mainCol,
      h('section', { class: 'panel sec-post', 'data-testid': 'original-post' }, h('h2', null, 'Unggahan asli'), postBlock(x.post)),
      h(
        'section',
        { class: 'panel sec-thread', 'data-testid': 'thread' },
        h('h2', null, 'Utas'),
        thread === undefined ? unavailable('Utas percakapan') : thread.length ? h('div', { class: 'thread' }, ...thread.map((p) => postBlock(p, 'post thread-post'))) : empty('Tidak ada unggahan lain di utas ini.'),
      ),
      h(
        'section',
        { class: 'panel sec-replies' },
        h('h2', null, 'Balasan publik'),
        x.replies.length ? replyList(x.replies) : empty('Belum ada balasan publik.'),
      ),
      h('section', { class: 'panel sec-history' }, h('h2', null, 'Riwayat'), events.length ? h('ol', { class: 'timeline', 'data-testid': 'history' }, ...events.map(eventItem)) : empty('Belum ada riwayat.')),
    );
  }

  function replyList(replies: ReplyView[]): HTMLElement {
    return h(
      'ul',
      { class: 'replies', 'data-testid': 'replies' },
      ...replies.map((r) =>
        h(
          'li',
          { class: `reply reply-${String(r.state).replace(/[^a-z_]/g, '')}`, 'data-reply-state': r.state },
          h('p', { class: 'post-text' }, queuedNotice(r) ? `Pemberitahuan otomatis ke warga (${r.kind === 'finish_notice' ? 'laporan selesai' : 'tanda terima'}) menunggu giliran kirim.` : r.text),
          h(
            'div',
            { class: 'reply-meta' },
            badge(label(REPLY_STATE, r.state), `reply-state state-${String(r.state).replace(/[^a-z_]/g, '')}`),
            r.error ? h('span', { class: 'reply-error' }, r.error) : null,
            inFlight(r) ? h('span', { class: 'reply-hint', 'data-testid': 'reply-checking' }, 'Jangan kirim ulang: sistem sedang memeriksanya di platform.') : null,
            relTime(r.createdAt),
          ),
        ),
      ),
    );
  }

  function eventItem(e: CaseEventView): HTMLElement {
    return h(
      'li',
      { class: `ev ev-${e.type.replace(/[^a-z_]/g, '')}`, 'data-event': e.type },
      h('time', { datetime: e.createdAt }, fmt.dateTime(e.createdAt)),
      h('span', { class: 'ev-type' }, label(EVENT, e.type)),
      e.actor ? h('span', { class: 'ev-actor' }, actorLabel(e.actor)) : null,
      eventData(e.data),
    );
  }

  function renderDetails(x: CaseDetail): void {
    const row = (k: string, v: string | Node | null): HTMLElement[] => [h('dt', null, k), h('dd', null, v ?? '–')];
    put(
      details,
      h('h2', null, 'Rincian'),
      h(
        'dl',
        { class: 'kv' },
        ...row('Nomor', x.trackingNumber),
        ...row('Jenis', `${label(INTENT, x.intent)} (${fmt.confidence(x.intentConfidence)})`),
        ...row('Sentimen', `${label(SENTIMENT, x.sentiment)} (${fmt.confidence(x.sentimentConfidence)})`),
        ...row('Topik', x.topic ?? '–'),
        ...row('OPD', x.opd ? `${x.opd.code} — ${x.opd.name}` : 'Belum ada'),
        ...row('Saran mesin', x.suggestedOpdCode ? `${x.suggestedOpdCode} (${fmt.confidence(x.routingConfidence)})` : '–'),
        ...(x.suggestedExternalBody ? row('Di luar kewenangan', `Saran: teruskan ke ${x.suggestedExternalBody}`) : []),
        ...row('OPD pembantu', x.collaborators?.length ? x.collaborators.join(', ') : '–'),
        ...row('Lokasi', locationText(x) ?? '–'),
        ...row('Tenggat', x.dueAt ? `${fmt.dateTime(x.dueAt)} (${deadlineLabel(x.dueAt, x.slaState, new Date(), currentCalendar()).text})` : '–'),
        ...row('Masuk', fmt.dateTime(x.createdAt)),
        ...row('Diperbarui', fmt.dateTime(x.updatedAt)),
        ...row('Sifat', [x.rahasia ? 'Rahasia' : null, x.anonim ? 'Anonim' : null].filter(Boolean).join(', ') || 'Terbuka'),
        ...row('SP4N-LAPOR!', x.lapor ? `${x.lapor.trackingId} (${x.lapor.status ?? '–'})` : 'Belum diteruskan'),
        ...row('Model', x.modelVersion),
      ),
    );
  }

  // ---- actions ----
  async function run(action: string, body: Record<string, unknown>, ok: string | ((res: CaseDetail) => string), withVersion = true): Promise<boolean> {
    if (!c || busy) return false;
    busy = true;
    actions.classList.add('busy');
    alertBox.hidden = true;
    try {
      const res = await api.post<CaseDetail | ReturnedToTriage>(`/api/cases/${encodeURIComponent(id)}/${action}`, withVersion ? { version: c.version, ...body } : body);
      if ('returnedToTriage' in res) {
        // An OPD's "not our authority" sends the case back to Diskominfo: it leaves this inbox.
        ctx.toast('Kasus dikembalikan ke antrean triase Diskominfo.', 'ok');
        ctx.navigate('/kotak-masuk');
        return true;
      }
      ctx.toast(typeof ok === 'string' ? ok : ok(res), 'ok');
      await reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.conflict) {
        showAlert(`Konflik: ${e.messages[0] ? `${e.messages[0]}. ` : ''}Kasus ini sudah diubah oleh orang lain atau statusnya tidak mengizinkan tindakan ini. Data terbaru telah dimuat ulang; periksa lalu coba lagi.`);
        await reload(true);
      } else {
        showAlert(errorText(e));
      }
      return false;
    } finally {
      busy = false;
      actions.classList.remove('busy');
    }
  }

  function form(title: string, controls: Array<HTMLElement | null>, submitLabel: string, onSubmit: () => Promise<boolean> | void, danger = false): HTMLElement {
    const f = h('form', { class: 'action-form' }, ...controls, h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, submitLabel));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!f.reportValidity()) return;
      void Promise.resolve(onSubmit()).then((done) => {
        if (done) f.reset();
      });
    });
    return h('details', { class: 'action', 'data-action': submitLabel }, h('summary', null, title), f);
  }

  function opdSelect(name: string): HTMLSelectElement {
    return select(name, [['', 'Pilih OPD…'], ...opds.filter((o) => o.code !== c?.opd?.code).map((o): [string, string] => [o.code, `${o.code} — ${o.name}`])], '', { required: true });
  }

  function renderActions(x: CaseDetail): void {
    // While a reply may still go out (sent, not yet confirmed), no form offers another one.
    const waiting = (x.replies ?? []).some(inFlight);
    const key = `${x.status}|${x.opd?.code ?? ''}|${(x.collaborators ?? []).join()}|${waiting}|${x.lapor?.trackingId ?? ''}`;
    if (key === actionsKey) return;
    actionsKey = key;
    if (!canWork(role)) {
      put(actions, h('h2', null, 'Tindakan'), h('p', { class: 'note' }, 'Mode baca saja: peran Anda dapat melihat kasus, tidak mengubahnya.'));
      return;
    }
    const triager = canTriage(role);
    const closed = CLOSED.has(x.status);
    const buttons: HTMLElement[] = [];
    const quick = (text: string, action: string, ok: string, cls = 'primary'): void => {
      const b = h('button', { type: 'button', class: cls, 'data-action': action }, text);
      b.addEventListener('click', () => void run(action, {}, ok));
      buttons.push(b);
    };
    if (x.status === 'didisposisikan' || x.status === 'baru') quick('Terima', 'accept', 'Kasus diterima dan sedang diproses.');
    if (triager && x.status === 'menunggu_validasi') quick('Validasi', 'validate', 'Jawaban divalidasi; kasus selesai.');

    const forms: HTMLElement[] = [];
    const note = h('textarea', { name: 'text', rows: 3, required: true, maxlength: 4000, placeholder: 'Catatan hanya terlihat oleh petugas' });
    forms.push(form('Catatan internal', [field('Catatan', note)], 'Simpan catatan', () => run('notes', { text: note.value.trim() }, 'Catatan disimpan.')));
    if (!closed && waiting)
      forms.push(h('p', { class: 'note', 'data-testid': 'reply-wait' }, 'Balasan sebelumnya belum pasti terkirim; sistem sedang memeriksanya di platform. Formulir balasan muncul lagi setelah hasilnya jelas.'));
    else if (!closed) {
      // WhatsApp and direct messages are private chats: the answer goes to the citizen alone.
      const privately = x.post.platform === 'whatsapp' || x.post.kind === 'direct_message';
      const platformName = label(PLATFORM, x.post.platform);
      const reply = h('textarea', { name: 'text', rows: 4, required: true, maxlength: 2000, placeholder: privately ? 'Balasan ini hanya diterima warga ini' : 'Balasan ini akan terlihat publik' });
      // Common answers of the OPD, tracking number filled in: picking one fills the text to edit.
      const template = select('template', [['', 'Pakai templat jawaban…']], '', { 'aria-label': 'Templat jawaban', 'data-testid': 'reply-template' });
      template.addEventListener('change', () => {
        const t = templates.find((x) => x.id === template.value);
        if (t) reply.value = t.text;
      });
      void loadTemplates().then((list) => {
        for (const t of list) template.appendChild(h('option', { value: t.id }, t.title));
        template.hidden = !list.length;
      });
      forms.push(
        form(
          privately ? `Balas pesan ${platformName}` : 'Balas publik',
          [
            template,
            field(`Balasan di ${platformName}`, reply),
            h('p', { class: 'hint' }, privately ? `Dikirim lewat akun ${platformName} resmi Pemkab sebagai pesan pribadi; hanya warga ini yang menerimanya.` : 'Dikirim lewat akun resmi Pemkab dan terlihat oleh publik.'),
          ],
          'Kirim balasan',
          () => run('replies', { text: reply.value.trim() }, 'Balasan diproses; hasil pengirimannya tampil di bawah.'),
        ),
      );
      const helpOpd = opdSelect('opdCode');
      const helpNote = h('textarea', { name: 'note', rows: 2, required: true, placeholder: 'Apa yang perlu dibantu?' });
      forms.push(
        form('Minta bantuan OPD lain', [field('OPD', helpOpd), field('Catatan', helpNote)], 'Minta bantuan', () =>
          run('help', { opdCode: helpOpd.value, note: helpNote.value.trim() }, `Permintaan bantuan dikirim ke ${helpOpd.value}.`, false),
        ),
      );
    }
    if (x.status === 'diproses') {
      const summary = h('textarea', { name: 'summary', rows: 3, required: true, placeholder: 'Apa yang sudah dikerjakan?' });
      forms.push(form('Selesai', [field('Ringkasan penyelesaian', summary)], 'Tandai selesai', () => run('finish', { summary: summary.value.trim() }, 'Kasus dikirim untuk validasi Diskominfo.')));
    }
    if (triager && x.status === 'menunggu_validasi') {
      const reason = h('textarea', { name: 'reason', rows: 2, required: true, placeholder: 'Mengapa jawaban belum cukup?' });
      forms.push(form('Kembalikan ke OPD', [field('Alasan', reason)], 'Kembalikan', () => run('return', { reason: reason.value.trim() }, 'Kasus dikembalikan ke OPD.')));
    }
    if (triager && !x.lapor) {
      // Once marked, the forward is in the outbox; the LAPOR! number appears under Rincian when it is sent.
      const anonim = h('input', { type: 'checkbox', name: 'anonim', checked: Boolean(x.anonim) });
      const rahasia = h('input', { type: 'checkbox', name: 'rahasia', checked: Boolean(x.rahasia) });
      forms.push(
        form('Teruskan ke SP4N-LAPOR!', [field('Anonim (identitas pelapor tidak dikirim)', anonim), field('Rahasia (tidak tampil untuk publik)', rahasia)], 'Teruskan', () =>
          run('lapor', { anonim: anonim.checked, rahasia: rahasia.checked }, 'Kasus ditandai; diteruskan ke SP4N-LAPOR! lewat antrean kirim.', false),
        ),
      );
    }
    if (triager && !closed) {
      const to = opdSelect('opdCode');
      const why = h('input', { name: 'reason', required: true, placeholder: 'Alasan pengalihan' });
      forms.push(form('Alihkan ke OPD lain', [field('OPD tujuan', to), field('Alasan', why)], 'Alihkan', () => run('reroute', { opdCode: to.value, reason: why.value.trim() }, `Kasus dialihkan ke ${to.value}.`)));
      const intent = select('intent', Object.entries(INTENT), x.intent);
      const sentiment = select('sentiment', Object.entries(SENTIMENT), x.sentiment);
      forms.push(
        form('Ubah label', [field('Jenis', intent), field('Sentimen', sentiment)], 'Simpan label', () => {
          const body: Record<string, unknown> = {};
          if (intent.value !== c?.intent) body.intent = intent.value;
          if (sentiment.value !== c?.sentiment) body.sentiment = sentiment.value;
          if (!Object.keys(body).length) {
            showAlert('Label tidak berubah.', 'info');
            return;
          }
          return run('relabel', body, 'Label diubah.');
        }),
      );
      const into = h('input', { name: 'intoTrackingNumber', required: true, pattern: '[Ss][Ww]-\\d{4}-\\d{1,9}', placeholder: 'Nomor kasus utama, mis. SW-2026-000083', autocomplete: 'off' });
      forms.push(
        form('Gabungkan (duplikat)', [field('Gabungkan ke kasus nomor', into)], 'Gabungkan', () => run('merge', { intoTrackingNumber: into.value.trim().toUpperCase() }, (r) => `Kasus digabungkan ke ${r.trackingNumber}.`), true),
      );
    }
    if (!closed) {
      const reasons = triager ? Object.entries(REJECT_REASON) : [['bukan_kewenangan', REJECT_REASON.bukan_kewenangan] as [string, string]];
      const reason = select('reason', reasons, reasons[0][0]);
      const why = h('textarea', { name: 'note', rows: 2, placeholder: 'Keterangan (opsional)' });
      forms.push(
        form(
          'Tolak dengan alasan',
          [field('Alasan', reason), field('Keterangan', why), triager ? null : h('p', { class: 'hint' }, 'Kasus akan kembali ke antrean triase Diskominfo.')],
          'Tolak',
          () => run('reject', { reason: reason.value, note: why.value.trim() || undefined }, (r) => (r.status === 'perlu_ditinjau' ? 'Kasus dikembalikan ke antrean triase Diskominfo.' : 'Kasus ditolak.')),
          true,
        ),
      );
    }
    put(actions, h('h2', null, 'Tindakan'), buttons.length ? h('div', { class: 'quick-actions' }, ...buttons) : null, ...forms);
  }

  async function reload(force = false): Promise<void> {
    try {
      const x = await getCase(id);
      c = x;
      ctx.live.seen(x.id);
      if (force) actionsKey = '';
      renderHead(x);
      renderMain(x);
      renderDetails(x);
      renderActions(x);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && !e.unavailable) {
        put(head, h('h1', null, 'Kasus tidak ditemukan'));
        put(mainCol, empty('Kasus ini tidak ada atau bukan wewenang OPD Anda.'));
        put(details);
        put(actions);
      } else showAlert(errorText(e));
    }
  }

  function onLive(e: LiveEvent): void {
    const mine = (e.type === 'updated' || e.type === 'created') && e.c.id === id ? e.c : e.type === 'caught_up' ? e.items.find((x) => x.id === id) : undefined;
    if (mine && c && mine.version > c.version && !busy) {
      showAlert('Kasus ini baru saja diperbarui; tampilan sudah memuat data terbaru.', 'info');
      void reload();
    }
  }

  void loadOpds().then((o) => {
    opds = o;
    void reload();
  });
  return { title: `Kasus ${id}`, el, onLive };
}
