import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

// Tools for the report tests: PDF text through Debian's pdftotext (poppler-utils), a tiny SMTP
// capture server on 127.0.0.1 (smtp-server, from the nodemailer project), and binary bodies.

export const HAS_PDFTOTEXT = !spawnSync('pdftotext', ['-v']).error;
export const PDFTOTEXT_MISSING =
  'pdftotext not found (Debian package poppler-utils): apt-get install -y poppler-utils';

/** The text of a PDF, laid out like the page (-layout), pages separated by form feeds. */
export function pdfText(pdf: Buffer): string {
  if (!HAS_PDFTOTEXT) throw new Error(`${PDFTOTEXT_MISSING}; CI=true requires it`);
  const dir = mkdtempSync(join(tmpdir(), 'sw-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CapturedMail {
  from: string | undefined;
  to: string[];
  raw: string;
}

export interface SmtpCapture {
  url: string;
  mails: CapturedMail[];
  stop(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers unfolded and quoted-printable soft breaks removed, for simple matching. */
export function readableMail(raw: string): string {
  return raw
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .replace(/=\n/g, '');
}

/** The decoded attachment with this content type from a raw MIME message. */
export function attachment(raw: string, contentType: string): Buffer | null {
  const text = raw.replace(/\r\n/g, '\n');
  const at = text.indexOf(`Content-Type: ${contentType}`);
  if (at < 0) return null;
  const body = text.slice(text.indexOf('\n\n', at) + 2);
  return Buffer.from(body.slice(0, body.indexOf('\n--')).replace(/\s+/g, ''), 'base64');
}

/** supertest parser that keeps a binary body as a Buffer. */
export function binaryParser(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream; // superagent hands Node's IncomingMessage to parsers
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
