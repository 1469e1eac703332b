import { inflateSync } from 'node:zlib';
import { inspectJson } from '../../common/json-inspect.js';
import type { AppConfig } from '../../config/environment.js';
import { ServiceResponse } from '../../common/service-response.js';
import type { CreateCheckpointDto } from '../dto/create-checkpoint.dto.js';
import { contentHash, contentId, JSON_TYPE, jsonBlob, type ChannelBlob } from './channel-blob.js';
import { splitJsonArray } from './json-array-elements.js';

/**
 * A value as a checkpoint carries it, with its content id. With `baseHash` it is an extension:
 * `data` holds only the elements appended to the parent's value of the channel (whose content id
 * is baseHash), `appended` those elements (split once, when the input is checked), and `hash` is
 * the client's content id of the whole value.
 */
export type CarriedBlob = ChannelBlob & { hash: Buffer; baseHash?: string; appended?: Buffer[] };

/** A checkpoint ready for the store: its header (no values), metadata, and the values it carries. */
export type CheckpointInput = {
  threadTs: string;
  parentTs: string | null;
  checkpointNs: string;
  header: Record<string, unknown>;
  headerJson: string;
  channelVersions: Record<string, unknown>;
  metadataJson: string;
  blobs: CarriedBlob[];
  /** Identifies the whole content, so an identical re-send (a retry) is recognised. */
  contentHash: Buffer;
  /** The largest value it may store: the body limit, which bounds every value sent whole. */
  valueLimitBytes: number;
};

export type CheckpointLimits = { metadataBytes: number; inflatedBytes: number };

/** The configured limits: metadata size, and how far a compressed checkpoint may inflate (the body limit). */
export function checkpointLimits(config: AppConfig): CheckpointLimits {
  return { metadataBytes: config.METADATA_LIMIT_BYTES, inflatedBytes: config.BODY_LIMIT_MB * 1024 * 1024 };
}

// jsonb nests at most this deep here; LangGraph metadata is a handful of levels.
const MAX_METADATA_DEPTH = 100;
// The checkpoint header (versions, versions_seen) is shallow; values are stored as bytes.
const MAX_HEADER_DEPTH = 100;

export function buildCheckpointInput(dto: CreateCheckpointDto, limits: CheckpointLimits): ServiceResponse<CheckpointInput> {
  const checkpoint = readCheckpoint(dto, limits);
  if (checkpoint.status === 'error') return checkpoint;
  const { channel_values: values, ...header } = checkpoint.payload;

  const metadata = checkMetadata(dto.metadata, limits);
  if (metadata.status === 'error') return metadata;

  const versions = header.channel_versions ?? {};
  if (typeof versions !== 'object' || versions === null || Array.isArray(versions)) {
    return invalid('checkpoint.channel_versions must be an object');
  }
  const headerShape = inspectJson(header, MAX_HEADER_DEPTH);
  if (headerShape.tooDeep) return invalid('checkpoint is nested too deeply');
  // The header is stored as jsonb, which takes neither (channel values are bytes and may hold both).
  if (headerShape.hasNul) return invalid('checkpoint must not contain \\u0000 (NUL) characters outside channel_values');
  if (headerShape.hasLoneSurrogate) return invalid('checkpoint must be valid Unicode outside channel_values (it contains a lone surrogate)');
  if (values !== undefined && (typeof values !== 'object' || values === null || Array.isArray(values))) {
    return invalid('checkpoint.channel_values must be an object');
  }

  const blobs = collectBlobs((values ?? {}) as Record<string, unknown>, versions as Record<string, unknown>, dto);
  if (blobs.status === 'error') return blobs;

  const headerJson = JSON.stringify(header);
  const threadTs = dto.thread_ts;
  const parentTs = dto.parent_ts ?? null;
  const checkpointNs = dto.checkpoint_ns ?? '';
  const byChannel = [...blobs.payload].sort((a, b) => (a.channel < b.channel ? -1 : 1));
  const hash = contentId(
    JSON.stringify([parentTs, headerJson, metadata.payload]),
    ...byChannel.flatMap((blob) => [JSON.stringify([blob.channel, String(blob.version)]), blob.hash]),
  );
  return ServiceResponse.success({
    threadTs,
    parentTs,
    checkpointNs,
    header,
    headerJson,
    channelVersions: versions as Record<string, unknown>,
    metadataJson: metadata.payload,
    blobs: blobs.payload,
    contentHash: hash,
    valueLimitBytes: limits.inflatedBytes,
  });
}

function readCheckpoint(dto: CreateCheckpointDto, limits: CheckpointLimits): ServiceResponse<Record<string, unknown>> {
  // null is absent, as for the other optional fields (validation lets null through @IsOptional).
  const given = [dto.checkpoint != null, dto.compressed_checkpoint != null].filter(Boolean).length;
  if (given !== 1) return invalid('exactly one of checkpoint and compressed_checkpoint must be given');
  if (dto.checkpoint != null) return ServiceResponse.success(dto.checkpoint);
  let parsed: unknown;
  try {
    const text = inflateSync(Buffer.from(dto.compressed_checkpoint!, 'base64'), { maxOutputLength: limits.inflatedBytes });
    parsed = JSON.parse(text.toString('utf8'));
  } catch (error) {
    if (error instanceof RangeError) return invalid(`compressed_checkpoint inflates to more than ${limits.inflatedBytes} bytes`);
    return invalid('compressed_checkpoint must be base64 of zlib-deflated checkpoint JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return invalid('compressed_checkpoint must hold a JSON object');
  }
  return ServiceResponse.success(parsed as Record<string, unknown>);
}

function checkMetadata(metadata: Record<string, unknown>, limits: CheckpointLimits): ServiceResponse<string> {
  const shape = inspectJson(metadata, MAX_METADATA_DEPTH);
  if (shape.tooDeep) return invalid(`metadata is nested more than ${MAX_METADATA_DEPTH} levels deep`);
  if (shape.hasNul) return invalid('metadata must not contain \\u0000 (NUL) characters');
  if (shape.hasLoneSurrogate) return invalid('metadata must be valid Unicode (it contains a lone surrogate)');
  const json = JSON.stringify(metadata);
  if (Buffer.byteLength(json) > limits.metadataBytes) return invalid(`metadata is larger than ${limits.metadataBytes} bytes`);
  return ServiceResponse.success(json);
}

/** Inline JSON values and serializer blobs, as one list; a channel may come one way only. */
function collectBlobs(
  values: Record<string, unknown>,
  versions: Record<string, unknown>,
  dto: CreateCheckpointDto,
): ServiceResponse<CarriedBlob[]> {
  const blobs: CarriedBlob[] = [];
  const seen = new Set<string>();
  for (const [channel, value] of Object.entries(values)) {
    // Channel names are stored as text (their values as bytes, which may hold anything).
    const name = inspectJson(channel, 1);
    if (name.hasNul || name.hasLoneSurrogate) return invalid('checkpoint.channel_values: a channel name must be valid Unicode without \\u0000 (NUL)');
    let blob: ChannelBlob;
    try {
      blob = jsonBlob(channel, channelVersion(versions, channel), value);
    } catch {
      return invalid(`checkpoint.channel_values.${channel} is nested too deeply`);
    }
    seen.add(channel);
    blobs.push({ ...blob, hash: contentHash(blob.type, blob.data) });
  }
  for (const [index, given] of (dto.channel_blobs ?? []).entries()) {
    if (seen.has(given.channel)) return invalid(`channel_blobs[${index}].channel ${given.channel} is given twice`);
    seen.add(given.channel);
    const data = Buffer.from(given.data, 'base64');
    // The base64 text is a third again the size of the value and is not needed any more: let it go
    // now rather than when the request ends (a 20 MiB checkpoint must not hold two copies).
    given.data = '';
    const blob = { channel: given.channel, version: given.version, type: given.type, data };
    if (given.base_hash == null && given.content_hash == null) {
      blobs.push({ ...blob, hash: contentHash(given.type, data) });
      continue;
    }
    const appended = appendedElements(given.base_hash, given.content_hash, blob);
    if (typeof appended === 'string') return invalid(`channel_blobs[${index}]: ${appended}`);
    blobs.push({ ...blob, hash: Buffer.from(given.content_hash!, 'hex'), baseHash: given.base_hash!, appended });
  }
  return ServiceResponse.success(blobs);
}

/** The elements an extension (a blob with base_hash) appends, or why it cannot be taken. */
function appendedElements(baseHash: string | null | undefined, hash: string | null | undefined, blob: ChannelBlob): Buffer[] | string {
  if (baseHash == null || hash == null) return 'base_hash and content_hash go together';
  if (blob.type !== JSON_TYPE) return `only a value of type ${JSON_TYPE} extends another (base_hash)`;
  return splitJsonArray(blob.data) ?? 'with base_hash, data must be a JSON array of the elements appended (no whitespace between them)';
}

function channelVersion(versions: Record<string, unknown>, channel: string): string | number {
  const version = Object.hasOwn(versions, channel) ? versions[channel] : '';
  return typeof version === 'number' ? version : String(version);
}

function invalid(message: string) {
  return ServiceResponse.error('invalid', message);
}
