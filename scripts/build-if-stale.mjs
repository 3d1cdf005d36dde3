// `npm start` runs this first: it builds only when there is no finished build or a source is newer
// than it, so a restart with nothing changed starts at once (a full build takes 15–60 s on 2 cores).
// `npm run build` calls it with --begin and --stamp around the compilers: the stamp keeps the time
// the build began, and a build that fails leaves no stamp, so the next start builds again.
// Plain JavaScript because it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.build-stamp';
const BEGUN = 'dist/.build-begun';
const SOURCES = ['src', 'scripts', 'web', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
const OUTPUTS = ['dist/src/main.js', 'public/index.html'];

/** The newest modification time under `path` (a folder's own time changes when a file is added or removed). */
function newest(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

const arg = process.argv[2];
if (arg === '--begin') {
  mkdirSync('dist', { recursive: true });
  rmSync(STAMP, { force: true });
  writeFileSync(BEGUN, `${new Date().toISOString()}\n`);
} else if (arg === '--stamp') {
  if (existsSync(BEGUN)) renameSync(BEGUN, STAMP);
} else {
  const stamp = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const changed = Math.max(...SOURCES.map(newest));
  if (stamp && changed <= stamp && OUTPUTS.every((f) => existsSync(f))) {
    console.log('Build is up to date (nothing changed since the last build).');
  } else {
    console.log(stamp ? 'Sources changed since the last build: building…' : 'No finished build yet: building…');
    const r = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
    process.exit(r.status ?? 1);
  }
}
