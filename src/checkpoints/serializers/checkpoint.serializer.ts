import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { deflateSync } from 'node:zlib';
import { PartedJsonString } from '../../common/http/large-json.js';
import { JSON_TYPE } from '../store/channel-blob.js';
import type { LoadedCheckpoint, StoredBlob, StoredWrite } from '../store/checkpoint-reader.js';

/** How a reader wants channel values: inlined JSON (GitLab's shape) or the serializer's bytes. */
export type ReadFormat = { channelValues: 'inline' | 'blobs'; compressed: boolean };
export type CheckpointView = { loaded: LoadedCheckpoint; format: ReadFormat };

const TASKS_CHANNEL = '__pregel_tasks';
/** A blob holding several typed values: a JSON array of {type, data (base64)}. */
export const SENDS_TYPE = 'sends';

export class ChannelBlobSerializer {
  @ApiProperty() channel: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true }) version: string | number | null;
  @ApiProperty() type: string;
  /** On the wire a base64 string; a large value stays in its parts until it is written out. */
  @ApiProperty({ type: String, format: 'byte' }) data: string | PartedJsonString;
}

export class CheckpointWriteSerializer {
  @ApiProperty() id: number;
  @ApiProperty() thread_ts: string;
  @ApiProperty() task: string;
  @ApiProperty() task_path: string;
  @ApiProperty() idx: number;
  @ApiProperty() channel: string;
  @ApiProperty() write_type: string;
  @ApiProperty({ format: 'byte', description: 'base64 of the serialized bytes' }) data: string;

  static represent(write: StoredWrite): CheckpointWriteSerializer {
    return {
      id: Number(write.id),
      thread_ts: write.thread_ts,
      task: write.task,
      task_path: write.task_path,
      idx: write.idx,
      channel: write.channel,
      write_type: write.write_type,
      data: write.data.toString('base64'),
    };
  }
}

export class CheckpointSerializer {
  @ApiProperty() id: number;
  @ApiProperty() workflow_id: number;
  @ApiProperty() thread_ts: string;
  @ApiProperty({ nullable: true, type: String }) parent_ts: string | null;
  @ApiProperty() checkpoint_ns: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "LangGraph's checkpoint; absent when compressed_checkpoint is sent instead",
  })
  checkpoint?: Record<string, unknown>;
  @ApiPropertyOptional({ format: 'byte', description: 'base64 of the zlib-deflated checkpoint JSON (accept_compressed=true)' })
  compressed_checkpoint?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty({ type: [ChannelBlobSerializer], description: 'values not inlined into checkpoint.channel_values' })
  channel_blobs: ChannelBlobSerializer[];
  @ApiProperty({ type: [CheckpointWriteSerializer] }) checkpoint_writes: CheckpointWriteSerializer[];
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;

  static represent({ loaded, format }: CheckpointView): CheckpointSerializer {
    const { row } = loaded;
    const { checkpoint, channelBlobs } = assemble(loaded, format);
    return {
      id: Number(row.id),
      workflow_id: Number(row.workflow_id),
      thread_ts: row.thread_ts,
      parent_ts: row.parent_ts,
      checkpoint_ns: row.checkpoint_ns,
      ...(format.compressed
        ? { compressed_checkpoint: deflateSync(JSON.stringify(checkpoint)).toString('base64') }
        : { checkpoint }),
      metadata: row.metadata,
      channel_blobs: channelBlobs,
      checkpoint_writes: loaded.writes.map((write) => CheckpointWriteSerializer.represent(write)),
      created_at: new Date(row.created_at).toISOString(),
    };
  }
}

/** A cross-thread listing entry also names its workflow's thread. */
export class ThreadCheckpointSerializer extends CheckpointSerializer {
  @ApiProperty() thread_id: string;

  static override represent(view: CheckpointView): ThreadCheckpointSerializer {
    return { ...CheckpointSerializer.represent(view), thread_id: view.loaded.row.thread_id ?? '' };
  }
}

/**
 * The checkpoint object with its values: in `inline` mode JSON values go into channel_values and
 * the rest into channel_blobs; in `blobs` mode every value is a blob and channel_values is left out.
 */
function assemble(loaded: LoadedCheckpoint, format: ReadFormat) {
  const versions: Record<string, unknown> = { ...(loaded.header.channel_versions as Record<string, unknown> | undefined) };
  const channelValues: Record<string, unknown> = {};
  const channelBlobs: ChannelBlobSerializer[] = [];
  const blob = (stored: StoredBlob): ChannelBlobSerializer => ({
    channel: stored.channel,
    version: (versions[stored.channel] as string | number | undefined) ?? null,
    type: stored.type,
    data: stored.base64,
  });
  for (const stored of loaded.blobs) {
    if (format.channelValues === 'inline' && stored.type === JSON_TYPE) {
      channelValues[stored.channel] = JSON.parse(bytesOf(stored).toString('utf8'));
    } else {
      channelBlobs.push(blob(stored));
    }
  }
  if (loaded.pendingSends) migratePendingSends(loaded.pendingSends, versions, channelValues, channelBlobs, format);
  const checkpoint: Record<string, unknown> = { ...loaded.header, channel_versions: versions };
  if (format.channelValues === 'inline') checkpoint.channel_values = channelValues;
  return { checkpoint, channelBlobs };
}

/**
 * LangGraph's migration for checkpoints before format 4: the sends that the parent's tasks wrote
 * become the value of the tasks channel, at the highest version of any channel (1 when there is
 * none), as `_migratePendingSends` does in LangGraph's savers. JSON writes are joined into one JSON
 * array; a mix of serde types is sent as one blob of type `sends` (a JSON array of {type, data}).
 */
function migratePendingSends(
  sends: StoredWrite[],
  versions: Record<string, unknown>,
  channelValues: Record<string, unknown>,
  channelBlobs: ChannelBlobSerializer[],
  format: ReadFormat,
): void {
  if (sends.length === 0) return;
  const others = Object.values(versions);
  versions[TASKS_CHANNEL] = others.length > 0 ? maxVersion(others) : 1;
  const version = versions[TASKS_CHANNEL] as string | number;
  if (sends.every((send) => send.write_type === JSON_TYPE)) {
    const array = Buffer.concat([Buffer.from('['), ...joinWith(sends.map((send) => send.data), Buffer.from(',')), Buffer.from(']')]);
    if (format.channelValues === 'inline') channelValues[TASKS_CHANNEL] = JSON.parse(array.toString('utf8'));
    else channelBlobs.push({ channel: TASKS_CHANNEL, version, type: JSON_TYPE, data: array.toString('base64') });
    return;
  }
  const items = sends.map((send) => ({ type: send.write_type, data: send.data.toString('base64') }));
  channelBlobs.push({ channel: TASKS_CHANNEL, version, type: SENDS_TYPE, data: Buffer.from(JSON.stringify(items)).toString('base64') });
}

/** A value's bytes (parts of a large value are each whole base64: they decode one by one). */
function bytesOf(stored: StoredBlob): Buffer {
  const { base64 } = stored;
  return typeof base64 === 'string' ? Buffer.from(base64, 'base64') : Buffer.concat(base64.parts.map((part) => Buffer.from(part, 'base64')));
}

/** LangGraph's maxChannelVersion: numbers compare as numbers, strings as text. */
function maxVersion(versions: unknown[]): unknown {
  return versions.reduce((max, version) => ((version as number) > (max as number) ? version : max));
}

function joinWith(parts: Buffer[], separator: Buffer): Buffer[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : [separator, part]));
}
