import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { isBase64 as validatorIsBase64 } from 'class-validator';
import fc from 'fast-check';
import { validateEachEnvelope, validateEnvelope } from '../../common/http/validation.js';
import { BatchCheckpointDto, CheckpointBatchDto, CheckpointLookupDto } from './checkpoint-batch.dto.js';
import { CreateCheckpointDto } from './create-checkpoint.dto.js';
import { acceptBatchCheckpoint, acceptCheckpointBatch, acceptCheckpointEnvelope, acceptCheckpointLookup, BASE64_RUN_CHARS, isCanonicalBase64 } from './quick-envelope.js';

// The quick checks may refuse what the DTOs accept (it then goes through the DTOs), never the
// reverse: whatever they accept must be accepted by the DTOs, as an equal value of the same class.

const OPAQUE: ('checkpoint' | 'metadata')[] = ['checkpoint', 'metadata'];

/** The DTOs' verdict: the validated value, or 'refused'. */
async function throughDtos<T>(validate: () => Promise<T>): Promise<T | 'refused'> {
  try {
    return await validate();
  } catch (error) {
    if (error instanceof BadRequestException) return 'refused';
    throw error;
  }
}

/**
 * Over generated bodies: whatever `quick` accepts, `viaDto` accepts too, as an equal value of the
 * same class. Returns how many bodies `quick` accepted (a property that held for none proves nothing).
 */
async function acceptsOnlyWhatTheDtoAccepts<T extends object>(
  bodies: fc.Arbitrary<unknown>,
  quick: (body: unknown) => T | undefined,
  viaDto: (body: unknown) => Promise<T>,
  numRuns: number,
): Promise<number> {
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(bodies, async (body) => {
      const value = quick(body);
      if (value === undefined) return;
      accepted++;
      const verdict = await throughDtos(() => viaDto(body));
      expect(verdict).not.toBe('refused');
      expect(value).toBeInstanceOf((verdict as T).constructor);
      expect(value).toEqual(verdict);
    }),
    { numRuns },
  );
  return accepted;
}

const base64 = fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const notQuiteBase64 = fc.string({ unit: fc.constantFrom(...'AZaz09+/=-_ \n\u00e9'.split('')), maxLength: 12 });
const base64Like = fc.oneof(base64, notQuiteBase64);
const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
    fc.constantFrom('', '\u0000', '\ufe0f', '\ud800', 'a'.repeat(maxLength), 'a'.repeat(maxLength + 1)),
  );
/** Mostly `valid`, sometimes anything at all, null, or absent: near the line on both sides. */
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown> = fc.anything()) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 }, { arbitrary: fc.constantFrom(null, undefined), weight: 1 });
const ascii = (maxLength: number) => fc.string({ unit: fc.integer({ min: 1, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength });
const workflowId = mostly(fc.oneof(fc.integer({ min: 1 }), fc.integer({ min: 1 }).map(String)), fc.constantFrom(0, -1, 1.5, 2 ** 60, '0', '12345678901234567890', ' 1', 'x'));
/** Sometimes a key the DTOs do not know, `__proto__` included. */
const strayKeys = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 8 },
  { arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'unknown', 'workflowId'), fc.anything(), { minKeys: 1 }), weight: 1 },
);
const withStrayKeys = <T extends object>(record: fc.Arbitrary<T>) => fc.tuple(record, strayKeys).map(([value, stray]) => ({ ...value, ...stray }));

const contentId = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const notQuiteContentId = fc.oneof(contentId.map((hex) => hex.toUpperCase()), contentId.map((hex) => hex.slice(1)), contentId.map((hex) => `${hex}0`), fc.string());
const blob = withStrayKeys(
  fc.record({
    channel: mostly(ascii(4097), text(4097)),
    version: mostly(fc.oneof(ascii(256), fc.double(), fc.integer()), text(256)),
    type: mostly(ascii(65), text(65)),
    data: mostly(base64, notQuiteBase64),
    base_hash: mostly(contentId, notQuiteContentId),
    content_hash: mostly(contentId, notQuiteContentId),
  }),
);
const checkpointItem = withStrayKeys(
  fc.record({
    workflow_id: workflowId,
    thread_ts: mostly(ascii(256), text(256)),
    parent_ts: mostly(ascii(256), text(256)),
    checkpoint_ns: mostly(ascii(4097), text(4097)),
    metadata: mostly(fc.object()),
    checkpoint: mostly(fc.object()),
    compressed_checkpoint: mostly(base64, notQuiteBase64),
    channel_blobs: mostly(fc.array(mostly(blob), { maxLength: 3 })),
  }),
);
const lookup = withStrayKeys(
  fc.record({
    lookups: mostly(
      fc.array(mostly(withStrayKeys(fc.record({ workflow_id: workflowId, checkpoint_ns: mostly(ascii(4097), text(4097)), thread_ts: mostly(ascii(256), text(256)) }))), { minLength: 1, maxLength: 3 }),
      fc.oneof(fc.constant([]), fc.anything()),
    ),
    accept_compressed: mostly(fc.boolean(), fc.constantFrom('true', 'false', 1, 'yes')),
    channel_values: mostly(fc.constantFrom('inline', 'blobs'), fc.constantFrom('other', 1)),
  }),
);

/** A body as the JSON body reader hands it over (own keys only, `__proto__` an ordinary key). */
const asParsedJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('quick checkpoint envelopes', () => {
  it('takes base64 as Node writes it, and nothing class-validator would refuse', () => {
    fc.assert(fc.property(base64, (encoded) => isCanonicalBase64(encoded)));
    fc.assert(fc.property(base64Like, (candidate) => !isCanonicalBase64(candidate) || validatorIsBase64(candidate)), { numRuns: 5000 });
    expect(['AB==', 'A-_w', 'QQ', 'QQ==\n', ' QQ=='].map(isCanonicalBase64)).toEqual([false, false, false, false, false]);
  });

  it('checks long base64 run by run, with padding only at the very end', () => {
    const long = Buffer.alloc((BASE64_RUN_CHARS / 4) * 3 * 2 + 7, 0xa5).toString('base64');
    expect(isCanonicalBase64(long)).toBe(true);
    const paddedInside = `${Buffer.from('A').toString('base64')}${long.slice(4)}`;
    const runEndPadded = `${long.slice(0, BASE64_RUN_CHARS - 4)}QQ==${long.slice(BASE64_RUN_CHARS)}`;
    const badCharLate = `${long.slice(0, -8)}*${long.slice(-7)}`;
    for (const candidate of [paddedInside, runEndPadded, badCharLate]) {
      expect(candidate.length).toBe(long.length);
      expect(validatorIsBase64(candidate)).toBe(false);
      expect(isCanonicalBase64(candidate)).toBe(false);
    }
  });

  it('accepts only batch items the DTO accepts, as the same value', async () => {
    const viaDto = async (item: unknown) => (await validateEachEnvelope('checkpoints', [item], BatchCheckpointDto, OPAQUE))[0];
    expect(await acceptsOnlyWhatTheDtoAccepts(checkpointItem.map(asParsedJson), acceptBatchCheckpoint, viaDto, 3000)).toBeGreaterThan(100);
  });

  it('accepts only single-route envelopes the DTO accepts, as the same value', async () => {
    const bodies = checkpointItem.map((item) => asParsedJson({ ...(item as object), workflow_id: undefined }));
    const viaDto = (body: unknown) => validateEnvelope(body, CreateCheckpointDto, OPAQUE);
    expect(await acceptsOnlyWhatTheDtoAccepts(bodies, acceptCheckpointEnvelope, viaDto, 2000)).toBeGreaterThan(100);
  });

  it('accepts only batch envelopes the DTO accepts, as the same value', async () => {
    const batch = withStrayKeys(
      fc.record({ checkpoints: mostly(fc.array(mostly(fc.object(), fc.oneof(fc.array(fc.anything()), fc.string())), { minLength: 1, maxLength: 4 }), fc.oneof(fc.constant([]), fc.anything())) }),
    );
    const viaDto = (body: unknown) => validateEnvelope(body as object, CheckpointBatchDto, ['checkpoints']);
    expect(await acceptsOnlyWhatTheDtoAccepts(batch.map(asParsedJson), acceptCheckpointBatch, viaDto, 2000)).toBeGreaterThan(100);
    const hundredAndOne = { checkpoints: Array.from({ length: 101 }, () => ({})) };
    expect(acceptCheckpointBatch(hundredAndOne)).toBeUndefined();
    expect(acceptCheckpointBatch({ checkpoints: Array.from({ length: 100 }, () => ({})) })?.checkpoints).toHaveLength(100);
  });

  it('accepts only lookups the DTO accepts, as the same value', async () => {
    const viaDto = (body: unknown) => validateEnvelope(body, CheckpointLookupDto, []);
    expect(await acceptsOnlyWhatTheDtoAccepts(lookup.map(asParsedJson), acceptCheckpointLookup, viaDto, 3000)).toBeGreaterThan(100);
  });

  it("accepts what the LangGraph client sends (the common case stays quick)", () => {
    const data = Buffer.from(JSON.stringify([{ role: 'user', content: 'hello' }])).toString('base64');
    const item = {
      workflow_id: 42,
      thread_ts: '1f0c7a52-0b7e-6d80-8001-4a1b2c3d4e5f',
      parent_ts: null,
      checkpoint_ns: '',
      metadata: { source: 'loop', step: 1, parents: {} },
      checkpoint: { v: 4, id: 'x', channel_values: {}, channel_versions: { messages: 2 } },
      channel_blobs: [{ channel: 'messages', version: '00000000000000000000000000000002.0.5', type: 'json', data }],
    };
    expect(acceptBatchCheckpoint(item)).toMatchObject({ workflow_id: '42', channel_blobs: [{ channel: 'messages', data }] });
    expect(acceptCheckpointLookup({ lookups: [{ workflow_id: '42', checkpoint_ns: '' }], channel_values: 'blobs' })).toMatchObject({ lookups: [{ workflow_id: '42' }] });
  });

  it('leaves refusals to the DTOs (non-ASCII text, bad base64, unknown fields)', () => {
    const item = { workflow_id: 1, thread_ts: 't', metadata: {}, checkpoint: {} };
    expect(acceptBatchCheckpoint(item)).toBeDefined();
    expect(acceptBatchCheckpoint({ ...item, thread_ts: 'é' })).toBeUndefined();
    expect(acceptBatchCheckpoint({ ...item, compressed_checkpoint: 'abc' })).toBeUndefined();
    expect(acceptBatchCheckpoint({ ...item, extra: 1 })).toBeUndefined();
    expect(acceptBatchCheckpoint({ ...item, channel_blobs: [{ channel: 'c', version: 1, type: 'json', data: 'AA==', x: 1 }] })).toBeUndefined();
  });
});
