import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  WRITES_IDX_MAP,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type DeltaChannelHistory,
  type PendingWrite,
  type SerializerProtocol,
} from '@langchain/langgraph-checkpoint';
import { Codec } from './codec.js';
import { CheckpointBatches } from './checkpoint-batches.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import { keysetItems } from './keyset-pages.js';
import { hasExtension, SentLists, wholeBlob, type EncodedValue } from './sent-lists.js';
import type { BatchLimits } from './request-batcher.js';
import { checkpointConfig, checkpointKeys, requireCheckpointId, requireThreadId, type CheckpointKeys } from './thread-config.js';
import { toCheckpointTuple } from './tuple.js';
import type { CheckpointItem, CheckpointWrite, ChannelBlob, DeltaHistoryResponse } from './wire.js';
import { WORKFLOWS_PATH, WorkflowDirectory } from './workflow-directory.js';

export type DuoWorkflowSaverOptions = HttpClientOptions & {
  /** The project (id or full path) whose workflows hold the threads. */
  projectId: number | string;
  /**
   * Concurrent puts and getTuple calls go to the service's batch routes, many per request (the
   * default); `false` sends one request per call to the single-checkpoint routes.
   */
  batching?: boolean | Partial<BatchLimits>;
  /**
   * A JSON list that extends the one the parent checkpoint holds (a conversation's messages) is
   * sent as the elements appended (the default): the saver keeps the last lists of recent threads,
   * up to `maxBytes` (64 MiB) in all. `false` always sends whole values.
   */
  extendLists?: boolean | { maxBytes?: number };
};

const DEFAULT_SENT_LISTS_BYTES = 64 * 1024 * 1024;

const ACROSS_THREADS_PATH = '/ai/duo_workflows/checkpoints';
/** Reads ask for the serializer's bytes, not JSON inlined by the server. */
const BLOBS = { channel_values: 'blobs' } as const;

/**
 * A LangGraph checkpointer that keeps everything in duo-checkpoints over its HTTP API. A LangGraph
 * thread is a workflow of `projectId` with that `thread_id`, created by the first `put`.
 */
export class DuoWorkflowSaver extends BaseCheckpointSaver {
  private readonly http: HttpClient;
  private readonly workflows: WorkflowDirectory;
  private readonly codec: Codec;
  private readonly projectId: number | string;
  private readonly batches: CheckpointBatches | undefined;
  private readonly sentLists: SentLists | undefined;

  constructor(options: DuoWorkflowSaverOptions, serde?: SerializerProtocol) {
    super(serde);
    this.http = new HttpClient(options);
    const { batching = true } = options;
    this.batches = batching === false ? undefined : new CheckpointBatches(this.http, batching === true ? {} : batching);
    this.projectId = options.projectId;
    this.workflows = new WorkflowDirectory(this.http, options.projectId, this.batches !== undefined);
    this.codec = new Codec(this.serde);
    const { extendLists = true } = options;
    this.sentLists = extendLists === false ? undefined : new SentLists((extendLists === true ? undefined : extendLists.maxBytes) ?? DEFAULT_SENT_LISTS_BYTES);
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs = '', checkpointId } = checkpointKeys(config);
    if (threadId === undefined) return undefined;
    const found = await this.readThread(threadId, (workflowId) => this.readCheckpoint(workflowId, checkpointNs, checkpointId));
    return found && toCheckpointTuple(found, threadId, this.codec);
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const keys = checkpointKeys(config);
    const query = {
      ...BLOBS,
      checkpoint_ns: keys.checkpointNs,
      before: checkpointKeys(options.before).checkpointId,
      filter: options.filter && Object.keys(options.filter).length > 0 ? JSON.stringify(options.filter) : undefined,
    };
    // With a checkpoint_id only that checkpoint qualifies; the server has no such filter, so the
    // listing is cut as soon as it passes below that id (newest first).
    const only = keys.checkpointId;
    const limit = only === undefined ? options.limit : undefined;
    let yielded = 0;
    for await (const { item, threadId } of this.listItems(keys, query, limit)) {
      if (only !== undefined && item.thread_ts < only) return;
      if (only !== undefined && item.thread_ts !== only) continue;
      yield await toCheckpointTuple(item, threadId, this.codec);
      if (options.limit !== undefined && ++yielded >= options.limit) return;
    }
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    const keys = checkpointKeys(config);
    const threadId = requireThreadId(keys, 'put');
    const checkpointNs = keys.checkpointNs ?? '';
    const { channel_values: values, ...header } = checkpoint;
    const envelope = {
      thread_ts: checkpoint.id,
      parent_ts: keys.checkpointId,
      checkpoint_ns: checkpointNs,
      checkpoint: header,
      metadata: await this.codec.encodeMetadata(metadata),
    };
    const carried = await this.changedChannels(values, newVersions);
    const store = (channelBlobs: ChannelBlob[]) =>
      this.onWorkflow(threadId, (id) => {
        const body = { ...envelope, channel_blobs: channelBlobs };
        return this.batches ? this.batches.put(id, body) : this.http.request('POST', `${WORKFLOWS_PATH}/${id}/checkpoints`, { body });
      });

    const thread = { threadId, checkpointNs };
    const blobs = carried.map((value) => this.sentLists?.blobFor(thread, keys.checkpointId, value) ?? wholeBlob(value));
    try {
      await store(blobs);
    } catch (error) {
      // The parent does not hold the list extended (another writer replaced it, or the service
      // could not store it as a list): send it whole, and this thread's lists from now on.
      if ((error as { status?: number }).status !== 409 || !hasExtension(blobs)) throw error;
      this.sentLists?.refuse(thread);
      await store(carried.map(wholeBlob));
    }
    this.sentLists?.remember(thread, keys.checkpointId, checkpoint.id, Object.keys(newVersions), carried);
    return checkpointConfig(threadId, checkpointNs, checkpoint.id);
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath = ''): Promise<void> {
    const keys = checkpointKeys(config);
    const threadId = requireThreadId(keys, 'putWrites');
    const checkpointId = requireCheckpointId(keys, 'putWrites');
    if (writes.length === 0) return;
    const checkpointWrites = await Promise.all(
      writes.map(async ([channel, value], index): Promise<CheckpointWrite> => {
        const { type, data } = await this.codec.encode(value);
        // Special channels (error, interrupt, resume…) have fixed negative slots, as in every saver.
        const idx = WRITES_IDX_MAP[channel] ?? index;
        return { task: taskId, task_path: taskPath, idx, channel, write_type: type, data };
      }),
    );
    const body = { thread_ts: checkpointId, checkpoint_ns: keys.checkpointNs ?? '', checkpoint_writes: checkpointWrites };
    await this.onWorkflow(threadId, (id) => this.http.request('POST', `${WORKFLOWS_PATH}/${id}/checkpoint_writes_batch`, { body }));
  }

  async deleteThread(threadId: string): Promise<void> {
    const workflowId = await this.workflows.find(String(threadId));
    this.workflows.forget(String(threadId));
    this.sentLists?.forget(String(threadId));
    if (workflowId === undefined) return;
    await this.http.request('DELETE', `${WORKFLOWS_PATH}/${workflowId}`, { notFoundIsUndefined: true });
  }

  /** LangGraph's ancestor walk, done by the server in one request instead of one per ancestor. */
  override async getDeltaChannelHistory({ config, channels }: { config: RunnableConfig; channels: string[] }): Promise<Record<string, DeltaChannelHistory>> {
    if (channels.length === 0) return {};
    const empty = (): Record<string, DeltaChannelHistory> => Object.fromEntries(channels.map((channel) => [channel, { writes: [] }]));
    const { threadId, checkpointNs = '', ...keys } = checkpointKeys(config);
    // Without a checkpoint_id the walk starts at the thread's latest checkpoint, as LangGraph's does.
    const checkpointId = keys.checkpointId ?? (await this.getTuple(config))?.checkpoint.id;
    if (threadId === undefined || checkpointId === undefined) return empty();
    const found = await this.readThread(threadId, (workflowId) =>
      this.http.request<DeltaHistoryResponse>('POST', `${WORKFLOWS_PATH}/${workflowId}/checkpoints/delta_history`, {
        body: { thread_ts: checkpointId, checkpoint_ns: checkpointNs, channels },
        notFoundIsUndefined: true,
      }),
    );
    if (!found) return empty();
    const entries = channels.map(async (channel): Promise<[string, DeltaChannelHistory]> => {
      const { seed, writes } = found.body[channel] ?? { seed: null, writes: [] };
      const decodedWrites = await Promise.all(
        writes.map(async ([task, name, value]): Promise<[string, string, unknown]> => [task, name, await this.codec.decode(value)]),
      );
      // No seed key at all when no ancestor stored a value: LangGraph then starts from empty.
      return [channel, seed === null ? { writes: decodedWrites } : { seed: await this.codec.decode(seed), writes: decodedWrites }];
    });
    return Object.fromEntries(await Promise.all(entries));
  }

  /** The latest checkpoint of a namespace, or the one with `checkpointId`: undefined when there is none. */
  private async readCheckpoint(workflowId: number, checkpointNs: string, checkpointId: string | undefined): Promise<CheckpointItem | undefined> {
    if (this.batches) return this.batches.read(workflowId, checkpointNs, checkpointId);
    const path = `checkpoints/${checkpointId === undefined ? 'latest' : 'by_thread_ts'}`;
    const found = await this.http.request<CheckpointItem>('GET', `${WORKFLOWS_PATH}/${workflowId}/${path}`, {
      query: { ...BLOBS, checkpoint_ns: checkpointNs, thread_ts: checkpointId },
      notFoundIsUndefined: true,
    });
    return found?.body;
  }

  /** Checkpoints of one thread, or of every thread of the project when no thread_id is given. */
  private async *listItems(keys: CheckpointKeys, query: Record<string, string | undefined>, limit?: number) {
    if (keys.threadId === undefined) {
      const items = keysetItems<CheckpointItem>(this.http, ACROSS_THREADS_PATH, { ...query, project_id: String(this.projectId) }, limit);
      for await (const item of items) yield { item, threadId: item.thread_id ?? '' };
      return;
    }
    const threadId = keys.threadId;
    let workflowId = await this.workflows.find(threadId);
    let listed = 0;
    while (workflowId !== undefined) {
      for await (const item of keysetItems<CheckpointItem>(this.http, `${WORKFLOWS_PATH}/${workflowId}/checkpoints`, query, limit)) {
        listed++;
        yield { item, threadId };
      }
      // Nothing at all may mean a stale cached workflow: look once more (see readThread).
      workflowId = listed === 0 ? await this.workflows.replacement(threadId, workflowId) : undefined;
    }
  }

  /**
   * A read of one thread: undefined when the thread or the thing read does not exist. A miss
   * through a cached workflow is asked again once, in case another process deleted the thread and
   * wrote it anew (the cache would otherwise hide the new workflow from this instance forever).
   */
  private async readThread<T>(threadId: string, read: (workflowId: number) => Promise<T | undefined>): Promise<T | undefined> {
    const workflowId = await this.workflows.find(threadId);
    if (workflowId === undefined) return undefined;
    const found = await read(workflowId);
    if (found !== undefined) return found;
    const replacement = await this.workflows.replacement(threadId, workflowId);
    return replacement === undefined ? undefined : read(replacement);
  }

  /**
   * Only the channels that changed in this step (newVersions) are sent; the server resolves the
   * others through the checkpoint's ancestry. A channel that changed but has no value (a consumed
   * trigger, a DeltaChannel between snapshots) sends nothing and so reads back as absent.
   */
  private async changedChannels(values: Record<string, unknown>, newVersions: ChannelVersions): Promise<EncodedValue[]> {
    const changed = Object.entries(newVersions).filter(([channel]) => Object.prototype.hasOwnProperty.call(values, channel));
    return Promise.all(changed.map(async ([channel, version]) => ({ channel, version, ...(await this.codec.serialize(values[channel])) })));
  }

  /**
   * Runs a write against the thread's workflow, creating the workflow on first use. If a cached
   * workflow was deleted meanwhile (by another process), the write goes to a fresh one instead of
   * failing.
   */
  private async onWorkflow(threadId: string, write: (workflowId: number) => Promise<unknown>): Promise<void> {
    const workflowId = await this.workflows.ensure(threadId);
    try {
      await write(workflowId);
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      this.workflows.forget(threadId);
      await write(await this.workflows.ensure(threadId));
    }
  }
}
