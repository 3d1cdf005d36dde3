import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAIN = join(process.cwd(), 'dist', 'src', 'main.js');

/** Runs the built service (`npm start` without the build step) as a real child process. */
export function spawnService(env: Record<string, string | undefined>): ServiceProcess {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NODE_OPTIONS: '', ...env })) if (v !== undefined) clean[k] = v;
  const child = spawn(process.execPath, [MAIN], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** The port the service printed in its banner. */
export async function waitForPort(p: ServiceProcess, timeoutMs = 30_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    // The text banner, or the JSON `started` line (LOG_FORMAT=json).
    const m = /API and dashboard: http:\/\/localhost:(\d+)\/|"event":"started","url":"http:\/\/localhost:(\d+)"/.exec(p.output());
    if (m) return Number(m[1] ?? m[2]);
    if (p.child.exitCode !== null) throw new Error(`service exited early:\n${p.output()}`);
    if (Date.now() - start > timeoutMs) throw new Error(`service did not start within ${timeoutMs} ms:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
