import { SetMetadata } from '@nestjs/common';
import type { RouteClass } from './scopes.js';

export const ROUTE_CLASS_KEY = 'duo:route-class';

/**
 * Marks a controller (or route) under /api/v4/ai/duo_workflows/ as one that tokens with the
 * `ai_workflows` scope may call — what the AI Gateway holds. Every other route needs `api`
 * (or `read_api` for a GET).
 */
export const AiWorkflowsRoute = () => SetMetadata(ROUTE_CLASS_KEY, 'ai_workflows' satisfies RouteClass);
