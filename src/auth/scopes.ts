/** The token scopes (API.md §1). */
export const SCOPES = ['api', 'read_api', 'ai_workflows'] as const;
export type Scope = (typeof SCOPES)[number];

/** What each scope grants beyond itself: `api` is everything the user may do. */
const COVERS: Record<Scope, readonly Scope[]> = {
  api: ['api', 'read_api', 'ai_workflows'],
  read_api: ['read_api'],
  ai_workflows: ['ai_workflows'],
};

export function isScope(value: unknown): value is Scope {
  return SCOPES.includes(value as Scope);
}

/** The `scope` claim is space-separated (RFC 8693); unknown scopes are ignored, not errors. */
export function parseScopeClaim(claim: unknown): Scope[] {
  if (typeof claim !== 'string') return [];
  return [...new Set(claim.split(' ').filter(isScope))];
}

/** The requested scopes that the held ones do not cover (empty when all are covered). */
export function scopesNotCovered(held: readonly Scope[], requested: readonly Scope[]): Scope[] {
  const covered = new Set(held.flatMap((scope) => COVERS[scope]));
  return requested.filter((scope) => !covered.has(scope));
}

export type RouteClass = 'api' | 'ai_workflows';

/**
 * Whether a token with `scopes` may call a route: `api` calls anything, `read_api` any GET,
 * `ai_workflows` only the routes marked as Duo Workflow routes.
 */
export function scopesAllow(scopes: readonly Scope[], method: string, routeClass: RouteClass): boolean {
  return scopes.some((scope) => {
    switch (scope) {
      case 'api':
        return true;
      case 'read_api':
        return method === 'GET' || method === 'HEAD';
      case 'ai_workflows':
        return routeClass === 'ai_workflows';
    }
  });
}
