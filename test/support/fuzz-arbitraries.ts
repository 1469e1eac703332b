import fc from 'fast-check';

/**
 * fast-check generators for hostile input: JSON values, mutations of valid bodies, query strings
 * and path segments. Bodies are built as values and written out by `toJsonText`, which can also
 * emit number literals that no JS value stringifies to (1e400, 12345678901234567890, -0).
 */

/** JSON text written into the body as is: number literals no JS value gives, 100,000-level nests. */
export class RawJson {
  constructor(readonly literal: string) {}
}

const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'nul\u0000key', '\u0000', '', '\ud800', 'toString', 'hasOwnProperty'];
const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '12345678901234567890', '-12345678901234567890', '-0', '0.5', '-1', '9007199254740993', '1E2', '0'];
const NUMBERS = [0, -1, 0.5, -0.5, 1.5e308, -1.5e308, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, 2 ** 31, -(2 ** 31), 4.9e-324];
const TRICKY_STRINGS = ['', ' ', 'NaN', 'Infinity', '-Infinity', '1e400', '0x10', 'null', 'true', '[]', '{}', '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ufeff', '%00', '../../etc/passwd', "' OR 1=1 --", '$where', '{"$gt":""}', '\u202e', '𝟘'];

/** Any code points, lone surrogates included, with NUL characters spliced in now and then. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...TRICKY_STRINGS),
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`),
  fc.integer({ min: 256, max: 70_000 }).map((n) => 'x'.repeat(n)),
);

export const nastyKey = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...DANGEROUS_KEYS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) });

const nastyScalar = fc.oneof(
  nastyString,
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...RAW_NUMBERS).map((literal) => new RawJson(literal)),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

/** An object with own properties named by `keys` (`__proto__` included, as JSON.parse makes them). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) defineOwn(object, key, value);
  return object;
}

function defineOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Any JSON value, from scalars to small nests, with hostile keys and scalars. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyScalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(nastyKey, fc.string({ maxLength: 8 })), tie('value')), { maxLength: 4 }).map(objectOf),
  ),
})).value;

/** Writes `value` as JSON text, RawJson texts in place. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const nonce = Math.random().toString(36).slice(2);
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.literal);
    return `@raw-${nonce}-${raws.length - 1}@`;
  });
  return raws.reduce((result, literal, index) => result.replace(`"@raw-${nonce}-${index}@"`, () => literal), text ?? 'null');
}

export type Location = (string | number)[];

/** A copy of `body` (plain JSON) with `value` at `location`, creating objects on the way. */
export function withValueAt(body: unknown, location: Location, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string | number, unknown>;
  if (location.length === 0) return value;
  const parent = location.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => {
    node[key] ??= {};
    return node[key] as Record<string | number, unknown>;
  }, copy);
  defineOwn(parent as Record<string, unknown>, String(location[location.length - 1]), value);
  return copy;
}

/** Every place inside `value` (objects and arrays, the root included), for mutations to aim at. */
export function locations(value: unknown, at: Location = []): Location[] {
  if (typeof value !== 'object' || value === null || value instanceof RawJson) return [];
  const children = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [at, ...children.flatMap((key) => locations((value as Record<string | number, unknown>)[key], [...at, key]))];
}

function childrenOf(value: unknown): (string | number)[] {
  return Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value as object);
}

function at(root: unknown, location: Location): Record<string | number, unknown> {
  return location.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
}

type Mutation =
  | { kind: 'set'; where: number; pick: number; value: unknown }
  | { kind: 'delete'; where: number; pick: number }
  | { kind: 'add'; where: number; key: string; value: unknown }
  | { kind: 'wrap'; inArray: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), where: fc.nat(), pick: fc.nat(), value: nastyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), where: fc.nat(), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), where: fc.nat(), key: nastyKey, value: nastyValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), inArray: fc.boolean() }) },
);

/**
 * A fresh copy of a generated value: fast-check may hand the same object to several mutations,
 * and a mutation that writes into an object it also inserted would make the body circular.
 */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (typeof value !== 'object' || value === null || value instanceof RawJson) return value;
  return objectOf(Object.entries(value).map(([key, item]) => [key, copy(item)]));
}

function apply(body: unknown, change: Mutation): unknown {
  if (change.kind === 'wrap') return change.inArray ? [body] : objectOf([['body', body]]);
  const places = locations(body);
  if (places.length === 0) return body;
  const target = at(body, places[change.where % places.length]);
  const keys = childrenOf(target);
  if (change.kind === 'add') {
    if (Array.isArray(target)) target.push(copy(change.value));
    else defineOwn(target, change.key, copy(change.value));
    return body;
  }
  if (keys.length === 0) return body;
  const key = keys[change.pick % keys.length];
  if (change.kind === 'set') defineOwn(target, String(key), copy(change.value));
  else if (Array.isArray(target)) target.splice(key as number, 1);
  else delete target[key];
  return body;
}

/** One to three mutations of `valid`: wrong types, missing and extra fields, hostile values. */
export function mutatedBody(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((changes) => changes.reduce(apply, JSON.parse(JSON.stringify(valid)) as unknown));
}

const INVALID_ESCAPES = ['%', '%zz', '%E0%A4%A', '%C0%80', '%ED%A0%80', '%FF', '%00', '%2F', '%5B', '%5D'];

/** A query-string component: percent-encoded text, or text with broken escapes as a client might send. */
const queryText = fc.oneof(
  { weight: 4, arbitrary: nastyString.map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'))) },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID_ESCAPES) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => 'a'.repeat(n)) },
);

/** Keys a parser might nest or collide on: the documented names, `a[b]` and `a[]` forms, prototype keys. */
function queryKey(documented: string[]): fc.Arbitrary<string> {
  const base = fc.oneof(fc.constantFrom(...(documented.length > 0 ? documented : ['page'])), fc.constantFrom('__proto__', 'constructor', 'prototype', 'filter'), queryText);
  return fc.oneof(
    { weight: 3, arbitrary: base },
    { weight: 2, arbitrary: fc.tuple(base, fc.array(fc.oneof(fc.constant(''), fc.constantFrom('__proto__', 'prototype', 'polluted', '0', '99999')), { minLength: 1, maxLength: 7 })).map(([key, path]) => `${key}${path.map((part) => `[${part}]`).join('')}`) },
  );
}

/** A whole query string (without "?"): repeated keys, nesting, long and broken values. */
export function queryString(documented: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(queryKey(documented), queryText, fc.boolean()).map(([key, value, bare]) => (bare ? key : `${key}=${value}`));
  return fc.array(pair, { minLength: 1, maxLength: 8 }).map((pairs) => pairs.join('&'));
}

const RECORD_ID = /^[1-9]\d{0,17}$/;

/** A path segment that is no record's id: words, 20 digits, signs and fractions, encoded slashes and NULs. */
export const pathSegment = fc
  .oneof(
    fc.constantFrom('abc', '0', '-1', '1.5', '1e3', '0x10', '+1', '01', ' 1', '1%20', '%2F', '..%2F..%2Fusers', 'a%2Fb', '%00', '1%00', 'a%00b%2Fc', 'group%2Fproject%00', '%', '%zz', '%ED%A0%80', 'null', 'undefined', 'NaN', '%5B%5D'),
    fc.bigInt({ min: 10n ** 18n, max: 10n ** 40n }).map(String),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encodeURIComponentLoosely),
    fc.integer({ min: 300, max: 5000 }).map((n) => '9'.repeat(n)),
  )
  .filter((segment) => !RECORD_ID.test(segment) && segment !== '.' && segment !== '..');

/** encodeURIComponent that survives lone surrogates (it would throw): they go out as their raw UTF-8-like escapes. */
function encodeURIComponentLoosely(text: string): string {
  return Array.from(text)
    .map((char) => (/[\ud800-\udfff]/.test(char) ? '%ED%A0%80' : encodeURIComponent(char)))
    .join('');
}
