import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './identity.js';

/** The authenticated User entity (routes behind the global guard only). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().identity.user,
);

/** The whole identity: user, the token's scopes, its record id. */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().identity,
);
