import { isDeepStrictEqual } from 'node:util';
import type { Contender, ProcessMemory } from '../contenders/contender.js';
import type { BenchOptions } from '../options.js';
import { Latencies } from '../stats.js';
import { ThreadScript } from '../thread-script.js';
import { latestConfig } from './thread-io.js';

export type BigCheckpointResult = {
  /** Size of the messages channel as JSON. */
  valueBytes: number;
  messages: number;
  putMs: number;
  getTupleMs: number;
  memoryBefore?: ProcessMemory;
  memoryAfter?: ProcessMemory;
};

/** Bytes of JSON per message beyond its text (id, role, keys and quotes), to size the message count. */
const MESSAGE_OVERHEAD_BYTES = 50;

/**
 * One checkpoint whose `messages` channel is about `bigCheckpointMiB` MiB of prose (a very long
 * conversation in a single put), stored and read back whole, with the serving process's memory
 * read before and after.
 */
export async function runBigCheckpoint(contender: Contender, options: BenchOptions): Promise<BigCheckpointResult> {
  const bytes = options.bigCheckpointMiB * 1024 * 1024;
  const messagesPerStep = Math.ceil(bytes / (options.messageBytes + MESSAGE_OVERHEAD_BYTES));
  const script = new ThreadScript('big', { seed: options.seed, messageBytes: options.messageBytes, messagesPerStep }, contender.saver);
  const { config, checkpoint, metadata, newVersions } = script.next();
  const memoryBefore = contender.memory?.();
  const put = new Latencies();
  await put.time(() => contender.saver.put(config, checkpoint, metadata, newVersions));
  const read = new Latencies();
  const tuple = await read.time(() => contender.saver.getTuple(latestConfig(script.threadId)));
  const memoryAfter = contender.memory?.();
  const messages = (tuple?.checkpoint.channel_values as { messages?: unknown } | undefined)?.messages;
  if (!isDeepStrictEqual(messages, script.messages)) throw new Error('the big checkpoint came back different');
  return {
    valueBytes: Buffer.byteLength(JSON.stringify(script.messages)),
    messages: script.messages.length,
    putMs: put.summary().maxMs,
    getTupleMs: read.summary().maxMs,
    memoryBefore,
    memoryAfter,
  };
}
