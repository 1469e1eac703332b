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
 * Each round (`round`, from 0) has threads of its own.
 */
export async function runWorkload(saver: BaseCheckpointSaver, options: BenchOptions, round = 0): Promise<{ result: WorkloadResult; scripts: ThreadScript[] }> {
  const shape = { seed: options.seed, messageBytes: options.messageBytes };
  const threadId = (i: number) => (round === 0 ? `thread-${i}` : `thread-${i}-round-${round + 1}`);
  const scripts = Array.from({ length: options.threads }, (_, i) => new ThreadScript(threadId(i), shape, saver));
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
 * Each operation's figures from its median round by rate (the lower middle one of an even count):
 * the machine's speed wanders by tens of per cent over minutes, and rounds run in turn with the
 * other contenders' put each contender through the same stretches (decision 0020).
 */
export function medianRound(rounds: WorkloadResult[]): WorkloadResult {
  if (rounds.length === 0) throw new Error('no workload round ran');
  const median = (of: (round: WorkloadResult) => Throughput) => {
    const sorted = rounds.map(of).sort((a, b) => a.perSecond - b.perSecond);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  return { put: median((r) => r.put), getTuple: median((r) => r.getTuple), list: median((r) => r.list) };
}

/**
 * Untimed, right before a round: a few steps of each of C threads of their own. While the other
 * contenders ran their rounds this one sat idle, and connection pools close connections idle for
 * 10 s (pg-pool's default): without this, each round would start by opening connections — and the
 * service by preparing its statements on them — which a contender in steady use does not do, and
 * which the single pass of before never timed either (its workload followed the warm-up at once).
 */
export function resumeUse(saver: BaseCheckpointSaver, options: BenchOptions, round: number): Promise<void> {
  return warmUp(saver, options, { name: `resume-${round + 1}`, threads: options.concurrency, steps: 2 });
}

/**
 * Untimed, before anything is measured: the workload's operations (put, getTuple, a list page) for
 * `warmupSteps` steps on threads of their own, so that every contender is measured as it runs once
 * it has served a while — code compiled by the JIT, connections open — and not on its first calls.
 * The service is a process of its own that starts cold; the in-process savers warm up in the bench.
 */
export async function warmUp(saver: BaseCheckpointSaver, options: BenchOptions, pass = { name: 'warmup', threads: options.threads, steps: options.warmupSteps }): Promise<void> {
  const shape = { seed: options.seed, messageBytes: options.messageBytes };
  const scripts = Array.from({ length: pass.threads }, (_, i) => new ThreadScript(`${pass.name}-${i}`, shape, saver));
  await forEachConcurrently(scripts, options.concurrency, async (script) => {
    for (let step = 0; step < pass.steps; step++) {
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
