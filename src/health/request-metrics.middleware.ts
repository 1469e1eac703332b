import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';

/** Observes every request's duration, labelled by its route pattern (not the raw path, to keep cardinality low). */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.requestDuration.startTimer();
    response.once('finish', () => {
      stop({ method: request.method, route: routePattern(request), status: String(response.statusCode) });
    });
    next();
  }
}

export function routePattern(request: Request): string {
  const route = (request as { route?: { path?: string } }).route?.path;
  return route ? `${request.baseUrl ?? ''}${route}` : 'unmatched';
}
