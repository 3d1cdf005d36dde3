import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { formatTotals, PipelineMetrics } from './pipeline-metrics.js';

/**
 * Routine poll runs log at debug; instead the console gets one line a minute of totals (posts
 * fetched and cases opened, per platform), and nothing in a minute when nothing happened.
 */
@Injectable()
export class ActivityLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Activity');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: PipelineMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const sec = this.config.log.totalsIntervalSec;
    if (!sec) return;
    this.timer = setInterval(() => {
      const line = formatTotals(this.metrics.takeTotals(), sec);
      if (line) this.logger.log(line);
    }, sec * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
