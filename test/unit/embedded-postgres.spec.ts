import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';

// Issue 12 §4: tools beside the server (npm run report) must never stop a database they did not
// start, must talk to the server of this data directory only, and a taken port is a clear message.
describe('embedded PostgreSQL: joining, verifying, and a taken port', () => {
  let dir: string;
  let child: ChildProcess;
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sw-embedded-'));
    // A stand-in postmaster: a live process named in postmaster.pid, listening (per line 4) on 55999.
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
    writeFileSync(join(dir, 'postmaster.pid'), `${child.pid}\n${dir}\n1765000000\n55999\n\n127.0.0.1\n`);
  });
  afterEach(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('should join the server of this data directory on the port in postmaster.pid and never stop it', async () => {
    const asked: number[] = [];
    const db = await startEmbeddedPostgres(
      { dir, port: 54329, database: 'suara_warga' },
      { dataDirectoryOf: async (port) => (asked.push(port), dir), ensureDatabase: async () => undefined },
    );
    expect(asked).toEqual([55999]);
    expect(db.adopted).toBe(true);
    expect(db.url).toMatch(/@127\.0\.0\.1:55999\/suara_warga$/);
    await db.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(child.pid!)).toBe(true);
  });

  it('should refuse a server that serves another data directory, and leave it alone', async () => {
    const start = startEmbeddedPostgres(
      { dir, port: 54329, database: 'suara_warga' },
      { dataDirectoryOf: async () => '/var/lib/postgresql/16/main', ensureDatabase: async () => undefined },
    );
    await expect(start).rejects.toThrow(EmbeddedPostgresError);
    await expect(start).rejects.toThrow(/127\.0\.0\.1:55999 serves \/var\/lib\/postgresql\/16\/main, not .*sw-embedded-/);
    expect(alive(child.pid!)).toBe(true);
  });

  it('should say which port is taken and name EMBEDDED_PG_PORT, before touching the folder', async () => {
    rmSync(join(dir, 'postmaster.pid'));
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
    const port = (squatter.address() as { port: number }).port;
    try {
      const start = startEmbeddedPostgres({ dir, port, database: 'suara_warga' });
      await expect(start).rejects.toThrow(new RegExp(`port ${port} on 127\\.0\\.0\\.1 \\(EMBEDDED_PG_PORT\\) is already in use`));
      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });
});
