import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../../auth/identity.js';
import { IS_PUBLIC_KEY } from '../../auth/public.decorator.js';
import { AppConfig } from '../../config/environment.js';
import { ApiError } from '../http/api-error.js';
import { FixedWindowCounter } from './fixed-window-counter.js';
import { rateClassOf, rateLimitFor } from './rate-class.js';

/**
 * Per-user limits for each route class, counted in fixed windows. It runs after the authentication
 * guard (so it knows the user) and skips public routes. Over the limit: 429 with Retry-After.
 * Counters live in this process: with N replicas a user gets up to N times the budget.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly counter: FixedWindowCounter;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {
    this.counter = new FixedWindowCounter(config.RATE_LIMIT_WINDOW_SECONDS * 1000);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.RATE_LIMIT_ENABLED) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Partial<AuthenticatedRequest> & { ip?: string }>();
    const caller = request.identity ? `user:${request.identity.user.id}` : `ip:${request.ip ?? 'unknown'}`;
    const rateClass = rateClassOf(this.reflector, context);
    const { count, resetAt } = this.counter.hit(`${rateClass}:${caller}`);
    if (count <= rateLimitFor(rateClass, this.config)) return true;
    const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
    throw new ApiError('rate_limited', `retry in ${seconds} seconds`, { 'Retry-After': String(seconds) });
  }
}
