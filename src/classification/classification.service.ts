import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { KeywordRouter, type KeywordRules } from '../routing/keyword-router.js';
import { BaselineClassifier } from './baseline-classifier.js';
import type { TrainerContext } from './model-trainer.js';
import { TrainedClassifier } from './trained-classifier.js';
import { buildClassifier, loadKeywordRules, loadTrainerContext, trainFromConfigCached } from './classifier-factory.js';
import type { Classification, CitizenTextClassifier } from './classification.types.js';
import { LocationExtractor } from './location-extractor.js';
import { currentVersion, loadModel, pointerMtime, saveModel } from './model-store.js';

/** How often the `current` pointer under DATA_DIR/models is checked for a newly trained model. */
export const MODEL_POLL_MS = 3000;

/**
 * Holds the classifier in use; classify() is pure CPU and safe to call inside a transaction.
 * At start it loads DATA_DIR/models/current, or trains from config/nlp when there is none (and saves
 * that model). It then polls the pointer and swaps in a model written by `npm run train` without a
 * restart. If no model can be loaded or trained, the rule-based BaselineClassifier stands in.
 */
@Injectable()
export class ClassificationService implements OnModuleDestroy {
  private readonly logger = new Logger(ClassificationService.name);
  private classifier: CitizenTextClassifier;
  private readonly locations: LocationExtractor;
  private readonly configDir: string;
  private readonly dataDir: string;
  private seenMtime = 0;
  private rules?: KeywordRules;
  private readonly timer: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.configDir = config.paths.configDir;
    this.dataDir = config.paths.dataDir;
    this.locations = new LocationExtractor(config.region);
    this.classifier = this.initialClassifier();
    this.logger.log(`classifier ${this.classifier.version} ready`);
    this.timer = setInterval(() => this.reloadIfChanged(), MODEL_POLL_MS);
    this.timer.unref();
  }

  get modelVersion(): string {
    return this.classifier.version;
  }

  classify(text: string): Classification {
    return this.classifier.classify(text);
  }

  /**
   * Routes with an admin's keyword rules (routing_rules table) instead of the file's: same model,
   * new rules, swapped in one reference, so a rule change takes effect without a deploy.
   */
  useKeywordRules(rules: KeywordRules): void {
    this.rules = rules;
    const c = this.classifier;
    if (c instanceof TrainedClassifier) this.classifier = buildClassifier(c.model, { normalizer: loadTrainerContext(this.configDir).normalizer, router: new KeywordRouter(rules) }, this.locations);
    else this.classifier = new BaselineClassifier(rules, this.locations);
    this.logger.log({ event: 'routing_rules_applied', opds: Object.keys(rules).length });
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Loads the model `current` points at if the pointer changed; returns true when a new model is in use. */
  reloadIfChanged(): boolean {
    const mtime = pointerMtime(this.dataDir);
    if (!mtime || mtime === this.seenMtime) return false;
    this.seenMtime = mtime;
    const version = currentVersion(this.dataDir);
    if (!version || version === this.classifier.version) return false;
    try {
      const started = Date.now();
      const next = buildClassifier(loadModel(this.dataDir, version), this.context(), this.locations);
      this.classifier = next; // one reference swap: a classify() call sees the old or the new model, never half
      this.logger.log({ event: 'model_reloaded', modelVersion: version, ms: Date.now() - started });
      return true;
    } catch (e) {
      this.logger.error({ event: 'model_reload_failed', modelVersion: version, error: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }

  /** The trainer context with the rules in force (the admin's, once loaded). */
  private context(): TrainerContext {
    const ctx = loadTrainerContext(this.configDir);
    return this.rules ? { ...ctx, router: new KeywordRouter(this.rules) } : ctx;
  }

  private initialClassifier(): CitizenTextClassifier {
    try {
      const ctx = loadTrainerContext(this.configDir);
      this.seenMtime = pointerMtime(this.dataDir);
      const version = currentVersion(this.dataDir);
      if (version) {
        try {
          return buildClassifier(loadModel(this.dataDir, version), ctx, this.locations);
        } catch (e) {
          this.logger.warn({ event: 'model_load_failed', modelVersion: version, error: e instanceof Error ? e.message : String(e) });
        }
      }
      const started = Date.now();
      const { model, cached } = trainFromConfigCached(this.configDir, ctx);
      this.logger.log({ event: cached ? 'model_from_training_cache' : 'model_trained_on_start', modelVersion: model.version, ms: Date.now() - started });
      try {
        saveModel(this.dataDir, model);
        this.seenMtime = pointerMtime(this.dataDir);
      } catch (e) {
        this.logger.warn({ event: 'model_save_failed', error: e instanceof Error ? e.message : String(e) });
      }
      return buildClassifier(model, ctx, this.locations);
    } catch (e) {
      this.logger.error({ event: 'model_unavailable', error: e instanceof Error ? e.message : String(e) });
      return new BaselineClassifier(loadKeywordRules(this.configDir), this.locations);
    }
  }
}
