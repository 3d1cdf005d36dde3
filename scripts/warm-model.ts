// Fills the training cache (OS temp folder, keyed by the training inputs) before the tests, so test
// workers and spawned services load a model in milliseconds instead of training it under jest,
// where the numeric loops run many times slower. Instant when the cache is already warm.
import { trainFromConfigCached } from '../src/classification/classifier-factory.js';

const started = Date.now();
const { model, cached } = trainFromConfigCached(process.env.CONFIG_DIR || 'config');
console.log(`classifier model ${model.version} ${cached ? 'from cache' : 'trained'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
