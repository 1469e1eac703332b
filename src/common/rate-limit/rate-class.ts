import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ROUTE_CLASS_KEY } from '../../auth/ai-workflows-route.decorator.js';
import type { RouteClass } from '../../auth/scopes.js';
import type { AppConfig } from '../../config/environment.js';

/** Each user gets a separate budget per class: agent checkpoint traffic, API reads, API writes. */
export const RATE_CLASSES = ['ai_workflows', 'api_read', 'api_write'] as const;
export type RateClass = (typeof RATE_CLASSES)[number];

export function rateClassOf(reflector: Reflector, context: ExecutionContext): RateClass {
  const routeClass = reflector.getAllAndOverride<RouteClass>(ROUTE_CLASS_KEY, [context.getHandler(), context.getClass()]);
  if (routeClass === 'ai_workflows') return 'ai_workflows';
  const method = context.switchToHttp().getRequest<{ method: string }>().method;
  return method === 'GET' || method === 'HEAD' ? 'api_read' : 'api_write';
}

export function rateLimitFor(rateClass: RateClass, config: AppConfig): number {
  switch (rateClass) {
    case 'ai_workflows':
      return config.RATE_LIMIT_AI_WORKFLOWS;
    case 'api_read':
      return config.RATE_LIMIT_API_READ;
    case 'api_write':
      return config.RATE_LIMIT_API_WRITE;
  }
}
