import { BatchCheckpointDto, CheckpointBatchDto, CheckpointLookupDto, CheckpointLookupItemDto, MAX_BATCH_ITEMS } from './checkpoint-batch.dto.js';
import { ChannelBlobDto } from './channel-blob.dto.js';
import { CreateCheckpointDto } from './create-checkpoint.dto.js';
import { CHANNEL_MAX, CHANNEL_VERSION_MAX, CONTENT_ID_HEX, NAMESPACE_MAX, SERDE_TYPE_MAX, THREAD_TS_MAX, WORKFLOW_ID } from './envelope-limits.js';

// Checkpoint envelopes accepted without the general validation pipeline (decision 0013). Under
// the bench's puts, class-transformer and class-validator on each batch item (the base64 pattern
// run over every value included) took 12 % of the server's CPU. These checks accept only what the
// DTOs accept, narrowed to the common case: ASCII text (no NUL) within the DTOs' limits, base64 as
// Node writes it. Anything else returns undefined and goes through the DTOs as before, so every
// refusal and its message still come from them. quick-envelope.spec.ts holds the checks to that:
// whatever they accept, the DTOs accept too, as the same value.

const CHECKPOINT_FIELDS = new Set(['thread_ts', 'parent_ts', 'checkpoint_ns', 'metadata', 'checkpoint', 'compressed_checkpoint', 'channel_blobs']);
const BATCH_CHECKPOINT_FIELDS = new Set([...CHECKPOINT_FIELDS, 'workflow_id']);
const BLOB_FIELDS = new Set(['channel', 'version', 'type', 'data', 'base_hash', 'content_hash']);
const BATCH_FIELDS = new Set(['checkpoints']);
const LOOKUP_FIELDS = new Set(['lookups', 'accept_compressed', 'channel_values']);
const LOOKUP_ITEM_FIELDS = new Set(['workflow_id', 'checkpoint_ns', 'thread_ts']);

/** POST …/workflows/:id/checkpoints's body, or undefined when it needs the DTO's validation. */
export function acceptCheckpointEnvelope(body: unknown): CreateCheckpointDto | undefined {
  return acceptCheckpointFields(body, CHECKPOINT_FIELDS, new CreateCheckpointDto());
}

/** One item of a checkpoint batch, or undefined when it needs the DTO's validation. */
export function acceptBatchCheckpoint(item: unknown): BatchCheckpointDto | undefined {
  const checkpoint = acceptCheckpointFields(item, BATCH_CHECKPOINT_FIELDS, new BatchCheckpointDto());
  if (!checkpoint) return undefined;
  const workflowId = workflowIdText((item as Record<string, unknown>).workflow_id);
  if (workflowId === undefined) return undefined;
  checkpoint.workflow_id = workflowId;
  return checkpoint;
}

/**
 * A checkpoint batch's envelope (its items still to be checked one by one, acceptBatchCheckpoint),
 * or undefined when it needs the DTO's validation: 1 to MAX_BATCH_ITEMS objects, nothing else.
 */
export function acceptCheckpointBatch(body: unknown): CheckpointBatchDto | undefined {
  if (!hasOnlyFields(body, BATCH_FIELDS)) return undefined;
  const { checkpoints } = body;
  if (!isBatchOfItems(checkpoints) || !checkpoints.every(isObject)) return undefined;
  const accepted = new CheckpointBatchDto();
  accepted.checkpoints = checkpoints;
  return accepted;
}

/** A lookup batch's body, or undefined when it needs the DTO's validation. */
export function acceptCheckpointLookup(body: unknown): CheckpointLookupDto | undefined {
  if (!hasOnlyFields(body, LOOKUP_FIELDS)) return undefined;
  const { lookups, accept_compressed: acceptCompressed, channel_values: channelValues } = body;
  if (!isAbsent(acceptCompressed) && typeof acceptCompressed !== 'boolean') return undefined;
  if (!isAbsent(channelValues) && channelValues !== 'inline' && channelValues !== 'blobs') return undefined;
  if (!isBatchOfItems(lookups)) return undefined;
  const accepted = copyPresent(new CheckpointLookupDto(), body, ['accept_compressed', 'channel_values']);
  accepted.lookups = [];
  for (const lookup of lookups) {
    const item = acceptLookupItem(lookup);
    if (!item) return undefined;
    accepted.lookups.push(item);
  }
  return accepted;
}

function acceptLookupItem(lookup: unknown): CheckpointLookupItemDto | undefined {
  if (!hasOnlyFields(lookup, LOOKUP_ITEM_FIELDS)) return undefined;
  const workflowId = workflowIdText(lookup.workflow_id);
  if (workflowId === undefined) return undefined;
  if (!isAbsent(lookup.checkpoint_ns) && !isAsciiText(lookup.checkpoint_ns, 0, NAMESPACE_MAX)) return undefined;
  if (!isAbsent(lookup.thread_ts) && !isAsciiText(lookup.thread_ts, 1, THREAD_TS_MAX)) return undefined;
  const item = copyPresent(new CheckpointLookupItemDto(), lookup, ['checkpoint_ns', 'thread_ts']);
  item.workflow_id = workflowId;
  return item;
}

function acceptCheckpointFields<T extends CreateCheckpointDto>(source: unknown, fields: ReadonlySet<string>, target: T): T | undefined {
  if (!hasOnlyFields(source, fields)) return undefined;
  const { thread_ts: threadTs, parent_ts: parentTs, checkpoint_ns: namespace, metadata, checkpoint, compressed_checkpoint: compressed } = source;
  if (!isAsciiText(threadTs, 1, THREAD_TS_MAX)) return undefined;
  if (!isAbsent(parentTs) && !isAsciiText(parentTs, 0, THREAD_TS_MAX)) return undefined;
  if (!isAbsent(namespace) && !isAsciiText(namespace, 0, NAMESPACE_MAX)) return undefined;
  if (!isObject(metadata)) return undefined;
  if (!isAbsent(checkpoint) && !isObject(checkpoint)) return undefined;
  if (!isAbsent(compressed) && !(typeof compressed === 'string' && isCanonicalBase64(compressed))) return undefined;
  copyPresent(target, source, ['thread_ts', 'parent_ts', 'checkpoint_ns', 'metadata', 'checkpoint', 'compressed_checkpoint', 'channel_blobs']);
  if (!isAbsent(source.channel_blobs)) {
    const blobs = acceptChannelBlobs(source.channel_blobs);
    if (!blobs) return undefined;
    target.channel_blobs = blobs;
  }
  return target;
}

function acceptChannelBlobs(value: unknown): ChannelBlobDto[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const blobs: ChannelBlobDto[] = [];
  for (const blob of value) {
    if (!hasOnlyFields(blob, BLOB_FIELDS)) return undefined;
    const { channel, version, type, data } = blob;
    if (!isAsciiText(channel, 1, CHANNEL_MAX) || !isAsciiText(type, 0, SERDE_TYPE_MAX)) return undefined;
    if (!(isAsciiText(version, 0, CHANNEL_VERSION_MAX) || (typeof version === 'number' && Number.isFinite(version)))) return undefined;
    if (!(typeof data === 'string' && isCanonicalBase64(data))) return undefined;
    const accepted = Object.assign(new ChannelBlobDto(), { channel, version, type, data });
    for (const field of ['base_hash', 'content_hash'] as const) {
      const hash = blob[field];
      if (!isAbsent(hash) && !(typeof hash === 'string' && CONTENT_ID_HEX.test(hash))) return undefined;
    }
    copyPresent(accepted, blob, ['base_hash', 'content_hash']);
    blobs.push(accepted);
  }
  return blobs;
}

/** A workflow id as the DTOs' transform leaves it (numbers as text), or undefined if not one. */
function workflowIdText(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof text === 'string' && WORKFLOW_ID.test(text) ? text : undefined;
}

/** A plain object whose every key is one of `fields` (the DTOs refuse unknown ones). */
function hasOnlyFields(value: unknown, fields: ReadonlySet<string>): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  for (const key of Object.keys(value)) if (!fields.has(key)) return false;
  return true;
}

/** Copies the fields the source has (absent stays absent, null stays null, as class-transformer does). */
function copyPresent<T extends object>(target: T, source: Record<string, unknown>, fields: string[]): T {
  for (const field of fields) if (Object.hasOwn(source, field)) (target as Record<string, unknown>)[field] = source[field];
  return target;
}

/** What @IsOptional lets through without checking. */
/** An array of 1 to MAX_BATCH_ITEMS items, as every batch route takes. */
function isBatchOfItems(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length >= 1 && value.length <= MAX_BATCH_ITEMS;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** class-validator's isObject: any non-null object but an array. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * ASCII text without NUL, `min` to `max` characters. ASCII only so that the DTOs' rules agree
 * exactly: their lengths discount surrogate pairs and variation selectors, and the screening
 * refuses NUL and lone surrogates.
 */
function isAsciiText(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string' || value.length < min || value.length > max) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code > 0x7f) return false;
  }
  return true;
}

// Checked in runs of this many characters (a multiple of 4: each run decodes on its own), so that a
// value of many MiB is never decoded and encoded whole here: that held ~47 MiB more while a 20 MiB
// checkpoint was stored.
export const BASE64_RUN_CHARS = 64 * 1024;

/**
 * Base64 as Node writes it: decoding and encoding again gives the same text. That implies
 * class-validator's isBase64 (a multiple of 4 characters, the alphabet, up to two `=` at the end),
 * and it is native code: ~8 µs for 20 KB here, against ~90 µs for isBase64's pattern and ~45 µs
 * for a loop over the characters. Valid base64 that Node would write otherwise (stray bits in the
 * last character) is left to the DTOs.
 */
export function isCanonicalBase64(text: string): boolean {
  for (let start = 0; start === 0 || start < text.length; start += BASE64_RUN_CHARS) {
    const run = text.length <= BASE64_RUN_CHARS ? text : text.slice(start, start + BASE64_RUN_CHARS);
    const bytes = Buffer.from(run, 'base64');
    // A run before the last one decodes to whole groups of 3 bytes: no `=` inside the text.
    const isLast = start + BASE64_RUN_CHARS >= text.length;
    if (!isLast && bytes.length !== (BASE64_RUN_CHARS / 4) * 3) return false;
    if (bytes.toString('base64') !== run) return false;
  }
  return true;
}
