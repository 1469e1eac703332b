import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { forEachConcurrently, repeatConcurrently } from '../concurrency.js';
import type { BenchOptions } from '../options.js';
import { Latencies, now, seconds, type Throughput } from '../stats.js';
import { ThreadScript } from '../thread-script.js';
import { latestConfig, listPage, putNext, verifyThread } from './thread-io.js';

export type WorkloadResult = { put: Throughput; getTuple: Throughput; list: Throughput };

/**
 * The conversation workload: W threads of S steps, each thread's steps in order, C threads at a
 * time; then getTuple(latest) and list pages over those threads, C at a time, for a bounded time.
 */
export async function runWorkload(saver: BaseCheckpointSaver, options: BenchOptions): Promise<{ result: WorkloadResult; scripts: ThreadScript[] }> {
  const shape = { seed: options.seed, messageBytes: options.messageBytes };
  const scripts = Array.from({ length: options.threads }, (_, i) => new ThreadScript(`thread-${i}`, shape, saver));
  const put = new Latencies();
  const writesStarted = now();
  await forEachConcurrently(scripts, options.concurrency, async (script) => {
    for (let step = 0; step < options.steps; step++) {
      // Building the step's arguments stays outside the timed call.
      const { config, checkpoint, metadata, newVersions } = script.next();
      await put.time(() => saver.put(config, checkpoint, metadata, newVersions));
    }
  });
  const putThroughput = put.throughput(seconds(writesStarted));

  await forEachConcurrently(scripts, options.concurrency, (script) => verifyThread(saver, script, options.pageSize));

  const bounds = { seconds: options.readSeconds, maxOperations: options.readMaxOperations };
  const threadOf = (index: number) => scripts[index % scripts.length].threadId;
  const getTuple = await timedPhase(options.concurrency, bounds, (i) => saver.getTuple(latestConfig(threadOf(i))));
  const list = await timedPhase(options.concurrency, bounds, (i) => listPage(saver, threadOf(i), options.pageSize));
  return { result: { put: putThroughput, getTuple, list }, scripts };
}

/**
 * Untimed, before anything is measured: the workload's operations (put, getTuple, a list page) for
 * `warmupSteps` steps on threads of their own, so that every contender is measured as it runs once
 * it has served a while — code compiled by the JIT, connections open — and not on its first calls.
 * The service is a process of its own that starts cold; the in-process savers warm up in the bench.
 */
export async function warmUp(saver: BaseCheckpointSaver, options: BenchOptions): Promise<void> {
  const shape = { seed: options.seed, messageBytes: options.messageBytes };
  const scripts = Array.from({ length: options.threads }, (_, i) => new ThreadScript(`warmup-${i}`, shape, saver));
  await forEachConcurrently(scripts, options.concurrency, async (script) => {
    for (let step = 0; step < options.warmupSteps; step++) {
      await putNext(saver, script);
      await saver.getTuple(latestConfig(script.threadId));
      await listPage(saver, script.threadId, options.pageSize);
    }
  });
}

async function timedPhase(
  concurrency: number,
  bounds: { seconds: number; maxOperations: number },
  operation: (index: number) => Promise<unknown>,
): Promise<Throughput> {
  const latencies = new Latencies();
  const started = now();
  await repeatConcurrently(concurrency, bounds, async (index) => {
    await latencies.time(() => operation(index));
  });
  return latencies.throughput(seconds(started));
}
