import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC_KEY = 'duo:public';

/**
 * Opts a route out of the global authentication guard (health checks, API docs). In the OpenAPI
 * document the route's security is `[{}]`, "no credentials", instead of the global bearer/PRIVATE-TOKEN.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiSecurity({}));
