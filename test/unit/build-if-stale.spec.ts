import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve('scripts/build-if-stale.mjs');

// `npm start`'s prestart step in a small project of its own: a "build" that counts its runs and
// uses the script's --begin/--stamp like the real one.
describe('npm start builds only when something changed (scripts/build-if-stale.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-prestart-'));
  const builds = (): number => (existsSync(join(dir, 'builds')) ? readFileSync(join(dir, 'builds'), 'utf8').length : 0);
  const prestart = (): string => {
    const r = spawnSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.status).toBe(0);
    return r.stdout;
  };

  beforeAll(() => {
    const build = [
      `node ${JSON.stringify(SCRIPT)} --begin`,
      `node -e "const f=require('fs');f.mkdirSync('dist/src',{recursive:true});f.mkdirSync('public',{recursive:true});f.writeFileSync('dist/src/main.js','');f.writeFileSync('public/index.html','');f.appendFileSync('builds','x')"`,
      `node ${JSON.stringify(SCRIPT)} --stamp`,
    ].join(' && ');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'prestart-test', private: true, scripts: { build } }));
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.ts'), 'export {};');
    // Sources older than anything the build writes.
    const past = new Date(Date.now() - 60_000);
    for (const f of ['package.json', 'package-lock.json', 'src/main.ts', 'src']) utimesSync(join(dir, f), past, past);
  });

  it('should build on a fresh clone, skip when nothing changed, and build again after an edit', () => {
    expect(prestart()).toMatch(/No finished build yet/);
    expect(builds()).toBe(1);

    expect(prestart()).toMatch(/up to date/);
    expect(prestart()).toMatch(/up to date/);
    expect(builds()).toBe(1);

    writeFileSync(join(dir, 'src', 'main.ts'), 'export const changed = true;');
    const future = new Date(Date.now() + 5_000); // an edit after the build, whatever the clock granularity
    utimesSync(join(dir, 'src', 'main.ts'), future, future);
    expect(prestart()).toMatch(/Sources changed/);
    expect(builds()).toBe(2);
  }, 60_000);

  it('should build again when the last build failed before it finished', () => {
    spawnSync(process.execPath, [SCRIPT, '--begin'], { cwd: dir }); // a build that began and never stamped
    expect(prestart()).toMatch(/No finished build yet/);
    expect(builds()).toBe(3);
  }, 60_000);
});
