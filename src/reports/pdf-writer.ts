// pdfkit: draws A4 pages from primitives (text, rectangles, lines) with its built-in Helvetica, so
// printing needs no browser and no font files. Small layout helpers for the weekly summary PDF.
import PDFDocument from 'pdfkit';
import { fmtNumber } from './report-labels.js';

export type Doc = InstanceType<typeof PDFDocument>;
export interface Col {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

export const MARGIN = 48;
const ROW = 15;
const LINE = 11; // Helvetica at 8.5 pt needs 10.1 pt a line
export const INK = '#1f2933';
export const MUTED = '#616e7c';
export const BAR = '#3d5a80';
const RULE = '#cbd2d9';

// The built-in fonts speak WinAnsi (Latin-1 plus a few typographic marks); anything else in post
// text (emoji, other scripts) is dropped so it cannot print as garbage. Control characters go too.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function pdfSafe(text: string): string {
  return [...text.normalize('NFC').replace(/\s+/g, ' ')]
    .filter(
      (ch) => (ch >= ' ' && ch <= '~') || (ch >= '\u00a0' && ch <= '\u00ff') || WIN_ANSI_EXTRA.includes(ch),
    )
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

export class PdfWriter {
  readonly doc: Doc;
  readonly width: number;

  constructor(info: { Title: string; CreationDate: Date }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      info: { ...info, Author: 'Suara Warga', Creator: 'Suara Warga' },
    });
    this.width = this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN - 20; // room for the footer
  }

  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  fit(text: string, width: number): string {
    let t = pdfSafe(text);
    if (this.doc.widthOfString(t) <= width) return t;
    while (t.length > 1 && this.doc.widthOfString(`${t}…`) > width) t = t.slice(0, -1);
    return `${t.trimEnd()}…`;
  }

  heading(text: string): void {
    this.ensure(60);
    this.doc
      .moveDown(0.8)
      .font('Helvetica-Bold')
      .fontSize(12.5)
      .fillColor(INK)
      .text(pdfSafe(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).font('Helvetica').fontSize(9);
  }

  note(text: string): void {
    this.ensure(ROW);
    this.doc
      .font('Helvetica-Oblique')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(pdfSafe(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.font('Helvetica').fontSize(9).fillColor(INK);
  }

  keyValues(pairs: Array<[string, string]>): void {
    for (const [k, v] of pairs) {
      this.ensure(ROW);
      const y = this.doc.y;
      this.doc
        .font('Helvetica')
        .fontSize(9.5)
        .fillColor(MUTED)
        .text(pdfSafe(k), MARGIN, y, { width: 190, lineBreak: false });
      this.doc
        .font('Helvetica-Bold')
        .fillColor(INK)
        .text(this.fit(v, this.width - 200), MARGIN + 200, y, { width: this.width - 200, lineBreak: false });
      this.doc.y = y + ROW;
    }
    this.doc.font('Helvetica').fontSize(9);
  }

  /** One table row; a cell too wide for its column wraps to a second line, then ends in an ellipsis. */
  private row(cols: Col[], cells: string[], bold: boolean): void {
    const font = (): Doc =>
      this.doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(8.5)
        .fillColor(INK);
    font();
    const texts = cols.map((_, i) => pdfSafe(cells[i] ?? ''));
    const lines = Math.max(
      1,
      ...texts.map((t, i) => (this.doc.widthOfString(t) > cols[i].width - 6 ? 2 : 1)),
    );
    const height = ROW + (lines - 1) * LINE;
    if (this.doc.y + height > this.bottom && this.onPageBreak) {
      this.onPageBreak(); // draws the header row on the new page, in its own font
      font();
    }
    const y = this.doc.y;
    let x = MARGIN;
    if (bold) this.doc.rect(MARGIN, y, this.width, height).fill('#eef1f4').fillColor(INK);
    cols.forEach((c, i) => {
      this.doc.text(texts[i], x + 3, y + 3.5, {
        width: c.width - 6,
        height: lines * LINE,
        ellipsis: true,
        align: c.align ?? 'left',
      });
      x += c.width;
    });
    this.doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + this.width, y + height)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    this.doc.y = y + height;
  }

  private onPageBreak?: () => void;

  /** A table whose header repeats on every page it spans. */
  table(cols: Col[], rows: string[][], empty = 'Tidak ada data.'): void {
    if (!rows.length) return this.note(empty);
    const scale = this.width / cols.reduce((a, c) => a + c.width, 0);
    const scaled = cols.map((c) => ({ ...c, width: c.width * scale }));
    const header = (): void =>
      this.row(
        scaled,
        scaled.map((c) => c.header),
        true,
      );
    this.ensure(ROW * 3);
    header();
    this.onPageBreak = () => {
      this.doc.addPage();
      header();
    };
    for (const r of rows) this.row(scaled, r, false);
    this.onPageBreak = undefined;
    this.doc.y += 4;
    this.doc.font('Helvetica').fontSize(9);
  }

  /** A horizontal bar chart drawn with rectangles; labels and values as text beside the bars. */
  bars(items: Array<{ label: string; value: number }>): void {
    if (!items.length) return this.note('Tidak ada data.');
    const labelW = 210;
    const valueW = 50;
    const barW = this.width - labelW - valueW - 8;
    const max = Math.max(1, ...items.map((i) => i.value));
    for (const it of items) {
      this.ensure(ROW);
      const y = this.doc.y;
      this.doc
        .font('Helvetica')
        .fontSize(8.5)
        .fillColor(INK)
        .text(this.fit(it.label, labelW - 6), MARGIN, y + 3, { width: labelW - 6, lineBreak: false });
      this.doc.rect(MARGIN + labelW, y + 3, barW, ROW - 6).fill('#f1f3f5');
      if (it.value > 0)
        this.doc.rect(MARGIN + labelW, y + 3, Math.max(1, (it.value / max) * barW), ROW - 6).fill(BAR);
      this.doc.fillColor(INK).text(fmtNumber(it.value), MARGIN + labelW + barW + 8, y + 3, {
        width: valueW,
        align: 'right',
        lineBreak: false,
      });
      this.doc.y = y + ROW;
    }
  }

  paragraph(text: string, indent = 0): void {
    const t = pdfSafe(text);
    const opts = { width: this.width - indent };
    this.doc.font('Helvetica').fontSize(8.5);
    this.ensure(this.doc.heightOfString(t, opts) + 4);
    this.doc.fillColor(INK).text(t, MARGIN + indent, this.doc.y, opts);
    this.doc.moveDown(0.25);
  }

  /** "Halaman i dari n" on every page, written once the page count is known. */
  footer(left: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - MARGIN + 4;
      this.doc.page.margins.bottom = 0; // writing below the bottom margin must not open a new page
      this.doc.font('Helvetica').fontSize(8).fillColor(MUTED);
      this.doc.text(pdfSafe(left), MARGIN, y, { width: this.width / 2, lineBreak: false });
      this.doc.text(`Halaman ${i + 1} dari ${range.count}`, MARGIN + this.width / 2, y, {
        width: this.width / 2,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins.bottom = MARGIN;
    }
  }

  toBuffer(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    this.doc.on('data', (c: Buffer) => chunks.push(c));
    return new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
