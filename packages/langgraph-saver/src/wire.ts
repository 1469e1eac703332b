/** What the service sends and takes (API.md sections 4 and 5), in its snake_case field names. */

/** A serializer's output: its type tag and the base64 of its bytes. */
export type TypedBytes = { type: string; data: string };

export type ChannelBlob = TypedBytes & {
  channel: string;
  version: string | number | null;
  /** Sent only: `data` holds the elements appended to the parent's list whose content id this is. */
  base_hash?: string;
  /** Sent only, with base_hash: the content id of the whole list. */
  content_hash?: string;
};

export type CheckpointWrite = {
  task: string;
  task_path: string;
  idx: number;
  channel: string;
  write_type: string;
  data: string;
};

/** A checkpoint read with `channel_values=blobs`. */
export type CheckpointItem = {
  workflow_id: number;
  /** Only in cross-thread listings. */
  thread_id?: string;
  thread_ts: string;
  parent_ts: string | null;
  checkpoint_ns: string;
  /** LangGraph's checkpoint without channel_values, as the saver sent it. */
  checkpoint: Record<string, unknown>;
  metadata: Record<string, unknown>;
  channel_blobs: ChannelBlob[];
  checkpoint_writes: CheckpointWrite[];
};

export type WorkflowItem = { id: number; thread_id: string };

/** `{"<channel>": {seed, writes}}`; writes are [task, channel, value], oldest first. */
export type DeltaHistoryResponse = Record<string, { seed: TypedBytes | null; writes: [string, string, TypedBytes][] }>;

/** How the service tags a blob that holds several serialized values (migrated pending sends). */
export const SENDS_TYPE = 'sends';
