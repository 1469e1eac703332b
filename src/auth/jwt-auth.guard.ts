import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../common/http/api-error.js';
import { ROUTE_CLASS_KEY } from './ai-workflows-route.decorator.js';
import type { AuthenticatedRequest } from './identity.js';
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
    const identity = await this.strategy.identify(request);
    if (!identity) throw new ApiError('unauthorized');

    const routeClass = this.reflector.getAllAndOverride<RouteClass>(ROUTE_CLASS_KEY, targets) ?? 'api';
    if (!scopesAllow(identity.scopes, request.method, routeClass)) throw new ApiError('forbidden', 'insufficient_scope');
    request.identity = identity;
    request.user = identity.user;
    return true;
  }
}
