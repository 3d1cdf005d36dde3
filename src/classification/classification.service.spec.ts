import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { ClassificationService } from './classification.service.js';
import { loadTrainerContext } from './classifier-factory.js';
import { currentPointer, saveModel } from './model-store.js';
import { trainModel } from './model-trainer.js';
import type { LabeledRow } from './training-data.js';

// Tiny models trained in milliseconds stand in for real ones: this spec is about loading and
// swapping models, not about their quality (trained-classifier.spec.ts covers that).

const CONFIG_DIR = join(process.cwd(), 'config');
const ctx = loadTrainerContext(CONFIG_DIR);
const ROWS: LabeledRow[] = [
  { text: 'jalan rusak berlubang', intent: 'complaint', opd: 'DPUPR', sentiment: 'negative' },
  { text: 'jalan berlubang parah', intent: 'complaint', opd: 'DPUPR', sentiment: 'negative' },
  { text: 'lampu jalan mati', intent: 'complaint', opd: 'DISPERKIM', sentiment: 'negative' },
  { text: 'lampu jalan padam lagi', intent: 'complaint', opd: 'DISPERKIM', sentiment: 'negative' },
  { text: 'terima kasih pak', intent: 'other', opd: null, sentiment: 'positive' },
  { text: 'terima kasih banyak', intent: 'other', opd: null, sentiment: 'positive' },
];
const tinyModel = (at: string) => trainModel(ROWS, ctx, undefined, new Date(at));
const config = (dataDir: string): AppConfig =>
  ({ paths: { configDir: CONFIG_DIR, dataDir }, region: { code: '73.07', name: 'Sinjai', province: '', source: '', districts: [] } }) as unknown as AppConfig;

describe('ClassificationService', () => {
  let dataDir: string;
  let service: ClassificationService | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sw-models-'));
  });
  afterEach(() => {
    service?.onModuleDestroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should load the current model at start and stamp its version on each classification', () => {
    const m = tinyModel('2030-01-01T00:00:00Z');
    saveModel(dataDir, m);
    service = new ClassificationService(config(dataDir));
    expect(service.modelVersion).toBe(m.version);
    expect(service.classify('jalan rusak berlubang').modelVersion).toBe(m.version);
  });

  it('should pick up a newly trained model without a restart when the pointer changes', () => {
    const first = tinyModel('2030-01-01T00:00:00Z');
    saveModel(dataDir, first);
    service = new ClassificationService(config(dataDir));
    expect(service.reloadIfChanged()).toBe(false);

    const second = tinyModel('2030-01-02T00:00:00Z');
    saveModel(dataDir, second);
    utimesSync(currentPointer(dataDir), new Date(), new Date(Date.now() + 5000)); // mtime resolution on some filesystems
    expect(service.reloadIfChanged()).toBe(true);
    expect(service.modelVersion).toBe(second.version);
    expect(service.classify('lampu jalan mati').modelVersion).toBe(second.version);
  });

  it('should keep the model in use when the new one cannot be read', () => {
    const first = tinyModel('2030-01-01T00:00:00Z');
    saveModel(dataDir, first);
    service = new ClassificationService(config(dataDir));
    const broken = { ...tinyModel('2030-01-03T00:00:00Z'), format: 'something-else' } as never;
    saveModel(dataDir, broken);
    utimesSync(currentPointer(dataDir), new Date(), new Date(Date.now() + 5000));
    expect(service.reloadIfChanged()).toBe(false);
    expect(service.modelVersion).toBe(first.version);
  });
});
