/**
 * OpenAPI 3.0 schema objects → JSON Schema (draft-07) for ajv. OpenAPI 3.0 is a dialect: `nullable`
 * instead of a `null` type, `example` and friends that JSON Schema does not know, refs into
 * `#/components/schemas`. The conversion is also where the drift check gets strict: a documented
 * object with `properties` is a whitelist (as our serializers are), so an undocumented field in a
 * response fails unless the schema itself says `additionalProperties`.
 */
export type SchemaObject = Record<string, unknown>;

/** The id under which the document's components are registered with ajv. */
export const COMPONENTS_ID = 'openapi-components.json';

const OPENAPI_ONLY = new Set(['nullable', 'example', 'xml', 'externalDocs', 'discriminator']);
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

export function toJsonSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const source = schema as SchemaObject;
  const converted: SchemaObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (OPENAPI_ONLY.has(key)) continue;
    converted[key] = convertKeyword(key, value);
  }
  closeObject(converted);
  return source.nullable === true ? allowNull(converted) : converted;
}

function convertKeyword(key: string, value: unknown): unknown {
  if (key === '$ref' && typeof value === 'string') return value.replace(/^#\/components\/schemas\//, `${COMPONENTS_ID}#/definitions/`);
  if (key === 'properties') return mapValues(value as SchemaObject, toJsonSchema);
  if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) return toJsonSchema(value);
  if (SUBSCHEMA_LISTS.includes(key)) return (value as unknown[]).map(toJsonSchema);
  return value;
}

/** A documented object lists its fields; anything else it carries is drift. */
function closeObject(schema: SchemaObject): void {
  const composed = SUBSCHEMA_LISTS.some((key) => key in schema);
  if (schema.properties !== undefined && schema.additionalProperties === undefined && !composed) schema.additionalProperties = false;
}

function allowNull(schema: SchemaObject): SchemaObject {
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** The document's `components.schemas`, as one JSON Schema whose definitions the refs point at. */
export function componentsSchema(document: { components?: { schemas?: SchemaObject } }): SchemaObject {
  return { $id: COMPONENTS_ID, definitions: mapValues(document.components?.schemas ?? {}, toJsonSchema) };
}

function mapValues(object: SchemaObject, transform: (value: unknown) => unknown): SchemaObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, transform(value)]));
}
