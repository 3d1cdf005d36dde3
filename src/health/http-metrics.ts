import type { NextFunction, Request, Response } from 'express';
import type { PipelineMetrics } from './pipeline-metrics.js';

/**
 * Times every HTTP request into a histogram labelled by route template (`/api/cases/:id`, never the
 * raw URL, so ids and search words do not become labels). Registered before the routes, it reads
 * the matched route when the response finishes.
 */
export function httpMetrics(metrics: PipelineMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const template = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof template === 'string' ? `${req.baseUrl}${template}` : req.originalUrl.startsWith('/api/') ? 'unmatched' : 'static';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
