import type { RunnableConfig } from '@langchain/core/runnables';

/**
 * The three keys of `configurable` that name a checkpoint. Only these are read: inside subgraphs
 * LangGraph's configurable also carries the saver itself, abort signals and scratchpads, which must
 * never be sent anywhere.
 */
export type CheckpointKeys = {
  threadId?: string;
  /** Undefined when not given: `list` then covers every namespace. */
  checkpointNs?: string;
  checkpointId?: string;
};

export function checkpointKeys(config: RunnableConfig | undefined): CheckpointKeys {
  const configurable = config?.configurable ?? {};
  return {
    threadId: present(configurable.thread_id),
    checkpointNs: configurable.checkpoint_ns === undefined || configurable.checkpoint_ns === null ? undefined : String(configurable.checkpoint_ns),
    // `thread_ts` is the older name LangGraph still accepts (getCheckpointId).
    checkpointId: present(configurable.checkpoint_id) ?? present(configurable.thread_ts),
  };
}

/** The config LangGraph expects back: exactly these three keys, as its own savers return. */
export function checkpointConfig(threadId: string, checkpointNs: string, checkpointId: string): RunnableConfig {
  return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpointId } };
}

export function requireThreadId(keys: CheckpointKeys, method: string): string {
  if (keys.threadId === undefined) {
    throw new Error(`DuoWorkflowSaver.${method} needs config.configurable.thread_id`);
  }
  return keys.threadId;
}

export function requireCheckpointId(keys: CheckpointKeys, method: string): string {
  if (keys.checkpointId === undefined) {
    throw new Error(`DuoWorkflowSaver.${method} needs config.configurable.checkpoint_id`);
  }
  return keys.checkpointId;
}

function present(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}
