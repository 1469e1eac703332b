import { emptyCheckpoint, uuid6, type Checkpoint, type CheckpointMetadata } from '@langchain/langgraph-checkpoint';

/** A checkpoint with these channel values, every channel at version `version`. */
export function checkpointWith(values: Record<string, unknown> = {}, version = 1): Checkpoint {
  return {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    channel_values: values,
    channel_versions: Object.fromEntries(Object.keys(values).map((channel) => [channel, version])),
  };
}

export const loopMetadata = (step = 0): CheckpointMetadata => ({ source: 'loop', step, parents: {} });
