import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ApiError } from '../common/http/api-error.js';
import { ROUTE_CLASS_KEY } from './ai-workflows-route.decorator.js';
import { IDENTITY_CHECKED_BY_STATEMENT_KEY } from './identity-checked-by-statement.decorator.js';
import type { AuthenticatedRequest, Identity } from './identity.js';
import { JwtStrategy } from './jwt.strategy.js';
import { IS_PUBLIC_KEY } from './public.decorator.js';
import { scopesAllow, type RouteClass } from './scopes.js';

/**
 * The global guard: every route needs a valid token unless it is @Public(). Any authentication
 * failure is a bare 401; a token whose scopes do not reach the route is 403 insufficient_scope.
 * It only authenticates: what the user may do with a resource is for the policies.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const routeClass = this.reflector.getAllAndOverride<RouteClass>(ROUTE_CLASS_KEY, targets) ?? 'api';
    // Not for a large body (a checkpoint of many MiB): taken from memory, its handling runs on
    // without the lookup's wait, during which the body's copies were collected, and the server's
    // peak memory with a 20 MiB checkpoint rose by 20 MiB (docs/performance.md).
    const large = http.getResponse<Response>().locals?.largeExchange === true;
    const remembered = !large && this.reflector.getAllAndOverride<boolean>(IDENTITY_CHECKED_BY_STATEMENT_KEY, targets) === true;
    const identity = await this.authenticate(request, routeClass, remembered);
    request.identity = identity;
    request.user = identity.user;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, routeClass: RouteClass, remembered: boolean): Promise<Identity> {
    const identity = await this.strategy.identify(request, remembered);
    if (!identity) throw new ApiError('unauthorized');
    if (!scopesAllow(identity.scopes, request.method, routeClass)) throw new ApiError('forbidden', 'insufficient_scope');
    if (!identity.basis) return identity;
    return { ...identity, authenticateAfresh: () => this.authenticate(request, routeClass, false) };
  }
}
