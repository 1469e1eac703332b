import { isDeepStrictEqual } from 'node:util';
import type { BaseCheckpointSaver, CheckpointTuple } from '@langchain/langgraph-checkpoint';
import type { ThreadScript } from '../thread-script.js';

/** `getTuple(latest)` / `list` of a thread's root namespace, as LangGraph asks for them. */
export const latestConfig = (threadId: string) => ({ configurable: { thread_id: threadId, checkpoint_ns: '' } });

export async function putNext(saver: BaseCheckpointSaver, script: ThreadScript): Promise<void> {
  const { config, checkpoint, metadata, newVersions } = script.next();
  await saver.put(config, checkpoint, metadata, newVersions);
}

/** Appends steps to a thread, one after the other (as a running graph does), until it has `size` checkpoints. */
export async function growThread(saver: BaseCheckpointSaver, script: ThreadScript, size: number): Promise<void> {
  while (script.steps < size) await putNext(saver, script);
}

export async function listPage(saver: BaseCheckpointSaver, threadId: string, limit: number): Promise<CheckpointTuple[]> {
  const page: CheckpointTuple[] = [];
  for await (const tuple of saver.list(latestConfig(threadId), { limit })) page.push(tuple);
  return page;
}

/**
 * Checks (untimed) that a contender gives back what was put: the newest checkpoint with exactly
 * the thread's messages, and a newest-first page. A fast wrong answer must fail the bench.
 */
export async function verifyThread(saver: BaseCheckpointSaver, script: ThreadScript, pageSize: number): Promise<void> {
  const fail = (what: string) => {
    throw new Error(`thread ${script.threadId}: ${what}`);
  };
  const tuple = await saver.getTuple(latestConfig(script.threadId));
  if (tuple?.checkpoint.id !== script.lastId) fail(`getTuple returned ${tuple?.checkpoint.id}, expected ${script.lastId}`);
  const values = tuple!.checkpoint.channel_values as { messages?: unknown; step?: unknown };
  if (!isDeepStrictEqual(values.messages, script.messages)) fail('getTuple returned other messages than were put');
  if (values.step !== script.steps - 1) fail(`getTuple returned step ${String(values.step)}, expected ${script.steps - 1}`);
  const ids = (await listPage(saver, script.threadId, pageSize)).map((t) => t.checkpoint.id);
  if (ids.length !== Math.min(pageSize, script.steps)) fail(`list returned ${ids.length} checkpoints`);
  if (ids[0] !== script.lastId || ids.some((id, i) => i > 0 && id >= ids[i - 1])) fail('list is not newest first');
}
