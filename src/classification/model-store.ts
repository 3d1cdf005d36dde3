import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateModelFile, type ModelFile } from './classifier-model.js';

// Versioned models under DATA_DIR/models: `<version>.json` plus a `current` file holding the version
// in use. Both are written to a temporary name and renamed, so a reader never sees half a file.

export const modelsDir = (dataDir: string): string => join(dataDir, 'models');
export const currentPointer = (dataDir: string): string => join(modelsDir(dataDir), 'current');

function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Writes the model and points `current` at it; returns the model file's path. */
export function saveModel(dataDir: string, model: ModelFile): string {
  mkdirSync(modelsDir(dataDir), { recursive: true });
  const file = join(modelsDir(dataDir), `${model.version}.json`);
  writeAtomic(file, JSON.stringify(model));
  writeAtomic(currentPointer(dataDir), `${model.version}\n`);
  return file;
}

/** The version `current` points at, or undefined when there is none. */
export function currentVersion(dataDir: string): string | undefined {
  const p = currentPointer(dataDir);
  if (!existsSync(p)) return undefined;
  return readFileSync(p, 'utf8').trim() || undefined;
}

/** Modification time of the pointer (0 when absent): cheap to poll. */
export function pointerMtime(dataDir: string): number {
  try {
    return statSync(currentPointer(dataDir)).mtimeMs;
  } catch {
    return 0;
  }
}

export function loadModel(dataDir: string, version: string): ModelFile {
  if (!/^[\w.-]+$/.test(version)) throw new Error(`bad model version "${version}"`);
  return validateModelFile(JSON.parse(readFileSync(join(modelsDir(dataDir), `${version}.json`), 'utf8')));
}

export function loadCurrentModel(dataDir: string): ModelFile | undefined {
  const v = currentVersion(dataDir);
  return v ? loadModel(dataDir, v) : undefined;
}
