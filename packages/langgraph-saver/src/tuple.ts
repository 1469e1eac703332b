import type { Checkpoint, CheckpointPendingWrite, CheckpointTuple } from '@langchain/langgraph-checkpoint';
import type { Codec } from './codec.js';
import { checkpointConfig } from './thread-config.js';
import type { CheckpointItem } from './wire.js';

/**
 * A checkpoint as the service returns it, made into LangGraph's tuple: values decoded from their
 * bytes, pending writes in the server's order, which is LangGraph's writesSortKey order
 * (task_path, task, idx, compared bytewise).
 */
export async function toCheckpointTuple(item: CheckpointItem, threadId: string, codec: Codec): Promise<CheckpointTuple> {
  const [channelValues, metadata, pendingWrites] = await Promise.all([
    decodeChannelValues(item, codec),
    codec.decodeMetadata(item.metadata),
    Promise.all(
      item.checkpoint_writes.map(
        async (write): Promise<CheckpointPendingWrite> => [write.task, write.channel, await codec.decode({ type: write.write_type, data: write.data })],
      ),
    ),
  ]);
  return {
    config: checkpointConfig(threadId, item.checkpoint_ns, item.thread_ts),
    checkpoint: { ...item.checkpoint, channel_values: channelValues } as Checkpoint,
    metadata,
    parentConfig: item.parent_ts ? checkpointConfig(threadId, item.checkpoint_ns, item.parent_ts) : undefined,
    pendingWrites,
  };
}

async function decodeChannelValues(item: CheckpointItem, codec: Codec): Promise<Record<string, unknown>> {
  const decoded = await Promise.all(item.channel_blobs.map(async (blob) => [blob.channel, await codec.decode(blob)] as const));
  return Object.fromEntries(decoded);
}
