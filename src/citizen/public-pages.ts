import { createHash } from 'node:crypto';
import type { PublicCaseView } from './public-cases.service.js';

// Server-rendered public pages (no login, no script, Bahasa Indonesia, phone first): they work on
// any phone browser and weigh a few kilobytes. Every dynamic value goes through esc().

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f4f6f8}
header{background:#0b5cad;color:#fff;padding:12px 16px}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:720px;margin:0 auto;padding:16px}section{background:#fff;border-radius:10px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px #0002}
h1{font-size:1.3rem;margin:0 0 8px}h2{font-size:1.1rem;margin:0 0 8px}.status{display:inline-block;padding:4px 10px;border-radius:99px;background:#e6f0fa;color:#0b5cad;font-weight:600}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:12px 0 0}dt{color:#58606a}dd{margin:0}
ol{list-style:none;padding:0;margin:0}ol li{border-left:3px solid #0b5cad;padding:0 0 12px 12px}ol time{display:block;color:#58606a;font-size:.9rem}
label{display:block;margin:12px 0 4px;font-weight:600}input,select,textarea,button{font:inherit;width:100%;padding:10px;border:1px solid #b8c0c8;border-radius:8px}
button{background:#0b5cad;color:#fff;border:0;font-weight:600;margin-top:12px}fieldset{border:0;padding:0;margin:0}.row{display:flex;gap:8px}.row label{flex:1;font-weight:400;border:1px solid #b8c0c8;border-radius:8px;padding:8px;text-align:center}
.row input{width:auto}table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #e3e7eb}td.n,th.n{text-align:right}
.muted{color:#58606a;font-size:.9rem}td{white-space:nowrap}.opd{border-bottom:1px solid #e3e7eb;padding:8px 0}.figs{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.95rem}.figs b{font-size:1.05rem}.note{background:#fff8e1;border-radius:8px;padding:10px}.wide{overflow-x:auto}footer{text-align:center;color:#58606a;font-size:.85rem;padding:16px}`;

/** CSP allows exactly this stylesheet and no script at all. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export function esc(v: string | number | null | undefined): string {
  return String(v ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

export function page(title: string, regency: string, body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)} · Suara Warga</title><style>${CSS}</style></head><body><header><a href="/publik">Suara Warga · ${esc(regency)}</a></header><main>${body}</main><footer>Suara Warga · ${esc(regency)}</footer></body></html>`;
}

export function lookupForm(message?: string): string {
  return `<section><h1>Lacak laporan Anda</h1>${message ? `<p class="note">${esc(message)}</p>` : ''}<form method="get" action="/lacak"><label for="nomor">Nomor laporan</label><input id="nomor" name="nomor" placeholder="SW-2026-000123" autocomplete="off" required pattern="SW-\\d{4}-\\d{6}"><button type="submit">Lacak</button></form></section>`;
}

export function casePage(v: PublicCaseView, code: string | undefined, flash?: string): string {
  const parts: string[] = [];
  parts.push(
    `<section><h1>Laporan ${esc(v.trackingNumber)}</h1><p><span class="status">${esc(v.statusLabel)}</span></p>`,
  );
  if (flash) parts.push(`<p class="note">${esc(flash)}</p>`);
  const dl: Array<[string, string | null | undefined]> = v.private
    ? [['Diperbarui', v.updatedAtLocal]]
    : [
        ['Jenis', v.type],
        ['OPD', v.opd?.name ?? 'Sedang ditentukan'],
        ['Kecamatan', v.kecamatan],
        ['Diterima', v.receivedAtLocal],
        ['Batas waktu', v.deadlineLocal ? `${v.deadlineLocal} (hari kerja)` : null],
        ['Diperbarui', v.updatedAtLocal],
      ];
  parts.push(
    `<dl>${dl
      .filter(([, val]) => val)
      .map(([k, val]) => `<dt>${esc(k)}</dt><dd>${esc(val)}</dd>`)
      .join('')}</dl>`,
  );
  if (v.private)
    parts.push(`<p class="muted">Laporan ini bersifat rahasia: hanya statusnya yang ditampilkan.</p>`);
  parts.push('</section>');
  if (v.answer)
    parts.push(`<section><h2>Jawaban ${esc(v.opd?.name ?? 'OPD')}</h2><p>${esc(v.answer)}</p></section>`);
  if (v.timeline?.length)
    parts.push(
      `<section><h2>Perjalanan laporan</h2><ol>${v.timeline.map((s) => `<li><time datetime="${esc(s.at)}">${esc(s.atLocal)}</time>${esc(s.label)}</li>`).join('')}</ol></section>`,
    );
  if (v.rating?.given)
    parts.push(
      `<section><h2>Penilaian Anda</h2><p>${'★'.repeat(v.rating.given.score)}${'☆'.repeat(5 - v.rating.given.score)} · ${v.rating.given.resolved ? 'Sudah selesai' : 'Belum selesai'}</p></section>`,
    );
  else if (v.rating?.canRate && code)
    parts.push(`<section id="nilai"><h2>Beri penilaian</h2><form method="post" action="/lacak/${esc(v.trackingNumber)}/nilai">
<input type="hidden" name="kode" value="${esc(code)}">
<fieldset><label>Seberapa puas Anda? (1 = sangat tidak puas, 5 = sangat puas)</label><div class="row">${[1, 2, 3, 4, 5].map((n) => `<label><input type="radio" name="nilai" value="${n}" required> ${n}</label>`).join('')}</div></fieldset>
<fieldset><label>Apakah masalahnya sudah selesai?</label><div class="row"><label><input type="radio" name="selesai" value="ya" required> Sudah selesai</label><label><input type="radio" name="selesai" value="tidak"> Belum selesai</label></div></fieldset>
<label for="komentar">Komentar (boleh kosong)</label><textarea id="komentar" name="komentar" rows="3" maxlength="2000"></textarea>
<p class="muted">Bila belum selesai, laporan dibuka kembali dan dikirim lagi ke OPD beserta komentar Anda.</p>
<button type="submit">Kirim penilaian</button></form></section>`);
  return parts.join('');
}

const pct = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 100)}%`);
const num = (v: number | null, digits = 1): string =>
  v === null ? '–' : v.toLocaleString('id-ID', { maximumFractionDigits: digits });

export interface TransparencyPageData {
  regency: string;
  periodDays: number;
  generatedAtLocal: string;
  licence: { name: string; url: string };
  opd: Array<{
    opdName: string;
    received: number;
    answered: number;
    withinSlaShare: number | null;
    medianFirstResponseHours: number | null;
    avgRating: number | null;
    ratings: number;
  }>;
  weekly: Array<{ week: string; received: number; finished: number }>;
  themes: Array<{ kecamatan: string; topic: string; count: number }>;
  recent: Array<{
    trackingNumber: string;
    opdName: string | null;
    kecamatan: string | null;
    finishedAtLocal: string;
    answer: string | null;
  }>;
}

/** /publik: the regency's figures for everyone (tables, readable on a phone; no script). */
export function transparencyPage(d: TransparencyPageData): string {
  const max = Math.max(1, ...d.weekly.map((w) => w.received));
  return [
    `<section><h1>Transparansi layanan aduan ${esc(d.regency)}</h1><p class="muted">${esc(d.periodDays)} hari terakhir · diperbarui ${esc(d.generatedAtLocal)}</p>`,
    `<p>Setiap laporan warga di media sosial dan WhatsApp diteruskan ke OPD yang berwenang dan dipantau sampai selesai. <a href="/lacak">Lacak laporan Anda</a>.</p></section>`,
    `<section><h2>Kinerja OPD</h2>`,
    d.opd.length
      ? d.opd
          .map(
            (o) =>
              `<div class="opd"><strong>${esc(o.opdName)}</strong><div class="figs"><span><b>${esc(o.received)}</b> diterima</span><span><b>${esc(o.answered)}</b> ditanggapi</span><span><b>${esc(pct(o.withinSlaShare))}</b> tepat waktu</span><span>median tanggapan <b>${esc(num(o.medianFirstResponseHours))}</b> jam</span><span>kepuasan <b>${o.avgRating === null ? '–' : `${esc(num(o.avgRating))}/5`}</b> (${esc(o.ratings)} penilaian)</span></div></div>`,
          )
          .join('')
      : '<p>Belum ada data.</p>',
    `</section>`,
    `<section><h2>Tren mingguan</h2><div class="wide"><table><thead><tr><th>Minggu</th><th class="n">Diterima</th><th class="n">Selesai</th><th>Grafik</th></tr></thead><tbody>`,
    d.weekly
      .map(
        (w) =>
          `<tr><td>${esc(w.week)}</td><td class="n">${esc(w.received)}</td><td class="n">${esc(w.finished)}</td><td>${'▇'.repeat(Math.round((w.received / max) * 10))}</td></tr>`,
      )
      .join(''),
    `</tbody></table></div></section>`,
    `<section><h2>Tema teratas per kecamatan</h2><div class="wide"><table><thead><tr><th>Kecamatan</th><th>Tema</th><th class="n">Laporan</th></tr></thead><tbody>`,
    d.themes.length
      ? d.themes
          .map(
            (t) =>
              `<tr><td>${esc(t.kecamatan)}</td><td>${esc(t.topic)}</td><td class="n">${esc(t.count)}</td></tr>`,
          )
          .join('')
      : '<tr><td colspan="3">Belum ada data.</td></tr>',
    `</tbody></table></div></section>`,
    `<section><h2>Baru saja selesai</h2>`,
    d.recent.length
      ? `<ol>${d.recent.map((r) => `<li><time>${esc(r.finishedAtLocal)}</time><a href="/lacak/${esc(r.trackingNumber)}">${esc(r.trackingNumber)}</a> · ${esc(r.opdName ?? '')}${r.kecamatan ? ` · ${esc(r.kecamatan)}` : ''}${r.answer ? `<br>${esc(r.answer)}` : ''}</li>`).join('')}</ol>`
      : '<p>Belum ada laporan yang selesai.</p>',
    `</section>`,
    `<section><h2>Data terbuka</h2><p>Angka di halaman ini tersedia sebagai <a href="/publik/data.json">JSON</a> dan <a href="/publik/data.csv">CSV</a>, dengan <a href="/publik/kamus-data.json">kamus data</a>, di bawah lisensi <a href="${esc(d.licence.url)}">${esc(d.licence.name)}</a>. Identitas pelapor dan laporan rahasia tidak pernah diterbitkan.</p></section>`,
  ].join('');
}
