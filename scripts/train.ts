import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { trainFromConfig } from '../src/classification/classifier-factory.js';
import { saveModel } from '../src/classification/model-store.js';
import { readLabeledFile, type LabeledRow } from '../src/classification/training-data.js';
import type { Intent, Sentiment } from '../src/cases/case.types.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';

// npm run train [-- --extra FILE ...] [--no-db]
// Trains intent, sentiment and OPD models from config/nlp (corpus + public sentiment sets) plus the
// staff corrections stored by the service (re-labels and re-routes, from DATABASE_URL or the
// embedded database in DATA_DIR) and any extra labeled files; writes DATA_DIR/models/<version>.json
// and points DATA_DIR/models/current at it. A running service picks the new model up within seconds.

const { values } = parseArgs({ options: { extra: { type: 'string', multiple: true }, 'extra-weight': { type: 'string', default: '2' }, 'no-db': { type: 'boolean', default: false } } });
const abs = (p: string): string => (isAbsolute(p) ? p : resolve(process.cwd(), p));
const configDir = abs(process.env.CONFIG_DIR || 'config');
const dataDir = abs(process.env.DATA_DIR || '.data');
const weight = Number(values['extra-weight']);
if (!Number.isFinite(weight) || weight <= 0) {
  console.error('--extra-weight must be a positive number');
  process.exit(2);
}

/** Corrections by staff: the latest label of each case wins. */
async function corrections(): Promise<LabeledRow[]> {
  if (values['no-db']) return [];
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    if (!existsSync(join(dataDir, 'postgres', 'PG_VERSION'))) return [];
    const db = await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), port: Number(process.env.EMBEDDED_PG_PORT || 54329), database: 'suara_warga' });
    url = db.url;
    if (!db.adopted) stop = () => db.stop(); // never stop a server the running service owns
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ case_id: string; text: string; intent: string | null; sentiment: string | null; opd_code: string | null }>(
      `SELECT DISTINCT ON (case_id, (intent IS NULL), (sentiment IS NULL), (opd_code IS NULL)) case_id, text, intent, sentiment, opd_code
       FROM classification_corrections ORDER BY case_id, (intent IS NULL), (sentiment IS NULL), (opd_code IS NULL), id DESC`,
    );
    return rows.map((r) => ({
      id: `correction-${r.case_id}`,
      text: r.text,
      intent: (r.intent ?? undefined) as Intent | undefined,
      sentiment: (r.sentiment ?? undefined) as Sentiment | undefined,
      opd: r.opd_code ?? undefined,
      weight,
      source: 'correction',
    }));
  } catch (e) {
    console.error(`could not read corrections (${e instanceof Error ? e.message : String(e)}); training without them`);
    return [];
  } finally {
    await client.end().catch(() => undefined);
    await stop?.();
  }
}

const fromDb = await corrections();
const extra: LabeledRow[] = [...fromDb, ...(values.extra ?? []).flatMap((f) => readLabeledFile(abs(f), 'correction').map((r) => ({ ...r, weight })))];
const started = Date.now();
const model = trainFromConfig(configDir, extra);
const file = saveModel(dataDir, model);
const t = model.training as { rows: number; examples: Record<string, number>; features: number };
process.stdout.write(
  `trained ${model.version} in ${((Date.now() - started) / 1000).toFixed(1)} s from ${t.rows} rows, ${fromDb.length} staff corrections ` +
    `(intent ${t.examples.intent}, sentiment ${t.examples.sentiment}, opd ${t.examples.opd}; ${t.features} features)\n` +
    `wrote ${file} and set ${dataDir}/models/current\n`,
);
