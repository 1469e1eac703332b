import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { componentsSchema, toJsonSchema, type SchemaObject } from './openapi-schema.js';

/** A response as the e2e suite received it. */
export type ObservedResponse = {
  method: string;
  /** The request path as sent (percent-encoding kept); a query string is ignored. */
  path: string;
  status: number;
  contentType?: string;
  /** The raw body text; empty for none. */
  text?: string;
  /** The parsed JSON body. */
  body: unknown;
};

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: SchemaObject } };
type Route = { template: string; pattern: RegExp; parameters: number; operations: Record<string, Operation> };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
/** The document and its UI are the meta routes: they describe the API and are not part of it. */
const META_PATHS = /^\/api\/docs(?:[-/]|$)/;

// ajv-formats is CommonJS: under Node's ESM loader its default import is the plugin itself.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as (ajv: Ajv) => Ajv;

/**
 * Checks responses against an OpenAPI 3.0 document: the route (path template and method) and the
 * status must be documented, and a JSON body must validate against that response's schema.
 * `check` returns a description of the drift, or null when the response matches.
 */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
    // ajv-formats checks `byte` with a backtracking pattern that overflows the stack on values of a
    // few MiB (checkpoints read back in the large-value specs); this one is linear.
    this.ajv.addFormat('byte', { type: 'string', validate: isBase64 });
    this.ajv.addSchema(componentsSchema(document));
    this.routes = Object.entries(document.paths)
      .map(([template, operations]) => ({ template, operations, ...compileTemplate(template) }))
      // `/workflows/agent_privileges` must win over `/workflows/{id}`, as it does in the router.
      .sort((a, b) => a.parameters - b.parameters);
  }

  check(response: ObservedResponse): string | null {
    const method = response.method.toLowerCase();
    const path = response.path.split('?')[0];
    if (META_PATHS.test(path)) return null;
    const isJson = JSON_TYPE.test(response.contentType ?? '') && (response.text ?? '').length > 0;
    const route = this.findRoute(path, method);
    const operation = route?.operations[method];
    if (!route || !operation) return isJson ? this.checkGenericError(response, path) : null;

    const routeName = `${method.toUpperCase()} ${route.template}`;
    const documented = operation.responses?.[String(response.status)] ?? operation.responses?.default;
    if (!documented) return `${routeName} answered ${response.status}, a status the document does not list for it`;
    const schema = documented.content?.['application/json']?.schema;
    if (!isJson) return schema ? `${routeName} ${response.status} is documented as JSON but sent no JSON body` : null;
    if (!schema) return `${routeName} ${response.status} sent a JSON body that the document gives no schema for`;
    return this.validate(`${routeName} ${response.status}`, schema, response.body);
  }

  /** A path the document does not have can only be an error, in the one error shape. */
  private checkGenericError(response: ObservedResponse, path: string): string | null {
    const where = `${response.method.toUpperCase()} ${path} (not in the document)`;
    if (response.status < 400) return `${where} answered ${response.status} with a JSON body`;
    return this.validate(where, { $ref: '#/components/schemas/ErrorBody' }, response.body);
  }

  private findRoute(path: string, method: string): Route | undefined {
    const matching = this.routes.filter((route) => route.pattern.test(path));
    return matching.find((route) => method in route.operations) ?? matching[0];
  }

  private validate(where: string, schema: unknown, body: unknown): string | null {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as SchemaObject);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return null;
    const errors = (validate.errors ?? []).map((error) => `  ${error.instancePath || '(body)'} ${error.message} ${JSON.stringify(error.params)}`);
    return `${where}: the body does not match the documented schema\n${errors.join('\n')}\nbody: ${excerpt(body)}`;
  }
}

function compileTemplate(template: string): { pattern: RegExp; parameters: number } {
  const parts = template.split(/(\{[^}]+\})/);
  const source = parts.map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('');
  return { pattern: new RegExp(`^${source}/?$`), parameters: parts.filter((part) => part.startsWith('{')).length };
}

function excerpt(body: unknown): string {
  const text = JSON.stringify(body) ?? String(body);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

/** Standard base64 with its padding, checked in linear time. */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}
