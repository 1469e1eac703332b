import type { TestApp } from './test-app.js';

export type ApiRoute = { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; template: string };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Every authenticated route the app documents, read from its own OpenAPI document, with path
 * parameters filled with ids that do not exist: a matrix over this list covers routes added later
 * without anyone remembering to list them.
 */
export async function authenticatedRoutes(t: TestApp): Promise<ApiRoute[]> {
  const document = (await t.http.get('/api/docs-json')).body as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    METHODS.filter((method) => operations[method] && !isPublic(operations[method].security)).map((method) => ({
      method,
      template,
      path: template.replace(/\{[^}]+\}/g, '999999'),
    })),
  );
}

function isPublic(security: unknown[] | undefined): boolean {
  return Array.isArray(security) && security.length === 1 && Object.keys(security[0] as object).length === 0;
}

export function describeRoute(route: ApiRoute): string {
  return `${route.method.toUpperCase()} ${route.template}`;
}

/** Sends `route` with headers; a body goes with writes, so validation cannot answer first by accident. */
export function call(t: TestApp, route: ApiRoute, headers: Record<string, string> = {}) {
  const request = t.http[route.method](route.path).set(headers);
  return route.method === 'get' || route.method === 'delete' ? request : request.send({});
}
