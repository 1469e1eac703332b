import type { RunnableConfig } from '@langchain/core/runnables';
import {
  emptyCheckpoint,
  type BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
} from '@langchain/langgraph-checkpoint';
import { hashSeed, proseText, seededRandom } from './prose.js';

export type Message = { id: string; role: 'human' | 'ai'; content: string };

/** The arguments of one `put`, exactly as LangGraph's loop passes them. */
export type PutArgs = { config: RunnableConfig; checkpoint: Checkpoint; metadata: CheckpointMetadata; newVersions: ChannelVersions };

export type ThreadShape = {
  seed: number;
  messageBytes: number;
  /** Messages appended per step (1 in a conversation; many to build one huge checkpoint). */
  messagesPerStep?: number;
  /** Keep only the last `window` messages (a trimmed conversation, constant-size state); all when unset. */
  window?: number;
};

/**
 * One thread as LangGraph's loop checkpoints it: each step appends to `messages` and bumps a small
 * `step` channel; both get the step's single next version (LangGraph gives every channel updated
 * in a superstep the same one), and only those two are in newVersions. Versions come from the
 * contender's own getNextVersion, as in a real run.
 */
export class ThreadScript {
  /** Steps taken so far (= checkpoints put on this thread). */
  steps = 0;
  /** The id of the newest checkpoint, i.e. what `getTuple(latest)` must return. */
  lastId: string | undefined;
  private history: Message[] = [];
  private version: number | undefined;
  private readonly random: () => number;

  constructor(
    readonly threadId: string,
    private readonly shape: ThreadShape,
    private readonly versions: Pick<BaseCheckpointSaver, 'getNextVersion'>,
  ) {
    this.random = seededRandom(hashSeed(threadId, shape.seed));
  }

  /** The messages of the newest checkpoint. */
  get messages(): readonly Message[] {
    return this.history;
  }

  /** The next step's put arguments; the script advances at once (the bench stops on any failed put). */
  next(): PutArgs {
    const step = this.steps;
    const previousVersion = this.version;
    const version = this.versions.getNextVersion(previousVersion) as number;
    const added = Array.from({ length: this.shape.messagesPerStep ?? 1 }, (_, i) => this.message(step, i));
    const keep = this.shape.window === undefined ? this.history.length : Math.max(0, this.shape.window - added.length);
    const kept = this.history.slice(this.history.length - Math.min(keep, this.history.length));
    const messages = [...kept, ...added];
    const checkpoint: Checkpoint = {
      ...emptyCheckpoint(),
      channel_values: { messages, step },
      channel_versions: { messages: version, step: version },
      versions_seen: previousVersion === undefined ? {} : { agent: { messages: previousVersion, step: previousVersion } },
    };
    const configurable = { thread_id: this.threadId, checkpoint_ns: '', ...(this.lastId ? { checkpoint_id: this.lastId } : {}) };
    this.history = messages;
    this.version = version;
    this.lastId = checkpoint.id;
    this.steps++;
    return {
      config: { configurable },
      checkpoint,
      metadata: { source: 'loop', step, parents: {} },
      newVersions: { messages: version, step: version },
    };
  }

  private message(step: number, index: number): Message {
    return { id: `${this.threadId}:${step}:${index}`, role: step % 2 === 0 ? 'human' : 'ai', content: proseText(this.random, this.shape.messageBytes) };
  }
}
