import type { OpenAPIObject } from '@nestjs/swagger';

type Operation = { requestBody?: unknown; parameters?: { in?: string }[]; security?: unknown[]; responses: Record<string, unknown> };

const ERROR = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };

/** Responses any route can give, documented once here rather than on every controller. */
const EVERY_API_ROUTE: Record<string, string> = {
  '429': 'Rate limited: retry after the number of seconds in Retry-After ("429 Too Many Requests - …")',
  '503': 'The database is unavailable: retry after Retry-After ("503 Service Unavailable - database unavailable")',
  '431': 'The request line and headers exceed 16 KiB, e.g. a very long query string ("431 Request Header Fields Too Large - …")',
};
const ROUTES_WITH_PARAMETERS: Record<string, string> = {
  '400': 'A query parameter is invalid, or a path parameter is not valid percent-encoding ("400 Bad request - …")',
};
const ROUTES_WITH_A_BODY: Record<string, string> = {
  '400': 'Invalid body; the message names the fields ("400 Bad request - …")',
  '413': 'The body is larger than the limit, after decompression ("413 Payload Too Large - …")',
  '415': 'The body is not JSON ("415 Unsupported Media Type - …")',
};

const ROUTES_WITH_A_QUERY: Record<string, string> = {
  '400': 'Invalid query parameters; the message names them ("400 Bad request - …")',
};

/**
 * Adds the rate-limit, database-outage and oversized-URL responses to every authenticated /api/v4
 * route, the body errors to every route that takes a body, and 400 to every route with path or
 * query parameters (validated, so they can be refused), so the document lists every status a
 * client can get.
 */
export function addCommonResponses(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v4/')) continue;
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !operation.responses) continue;
      const isPublic = Array.isArray(operation.security) && operation.security.every((s) => Object.keys(s as object).length === 0);
      if (!isPublic) addMissing(operation, EVERY_API_ROUTE);
      if (operation.requestBody) addMissing(operation, ROUTES_WITH_A_BODY);
      if (operation.parameters?.some((parameter) => parameter.in === 'query')) addMissing(operation, ROUTES_WITH_A_QUERY);
      if (operation.parameters?.some((parameter) => parameter.in === 'path' || parameter.in === 'query')) addMissing(operation, ROUTES_WITH_PARAMETERS);
    }
  }
  return document;
}

function addMissing(operation: Operation, responses: Record<string, string>): void {
  for (const [status, description] of Object.entries(responses)) {
    operation.responses[status] ??= { description, ...ERROR };
  }
}
