import type { Contender } from '../contenders/contender.js';
import { cloneThread } from '../db/clone-threads.js';
import type { BenchDatabase } from '../db/bench-database.js';
import type { BenchOptions } from '../options.js';
import { Latencies, now, round, seconds, type LatencySummary } from '../stats.js';
import { ThreadScript } from '../thread-script.js';
import { growThread, latestConfig, listPage, verifyThread } from './thread-io.js';

export type ScalePoint = { checkpoints: number; getTuple: LatencySummary; list: LatencySummary; fillSeconds: number };
export type ScaleResult = { tableRows: number; pageSize: number; points: ScalePoint[] };

/** The background threads of the million-row table: copies of one short trimmed conversation. */
const TEMPLATE_THREAD = 'bg-template';
const TEMPLATE_STEPS = 100;
const TEMPLATE_WINDOW = 2;
/** Copies per INSERT … SELECT: 100,000 rows a statement keeps each transaction modest. */
const COPIES_PER_STATEMENT = 1_000;
const WARM_UP_ROUNDS = 3;

type LongThread = { script: ThreadScript; fillSeconds: number };

/**
 * getTuple and a list page of threads of each size (10, 1,000, 10,000 checkpoints), their steps
 * put one after the other through the contender as a long-running agent would. Each thread keeps
 * its last few messages (a trimmed conversation), so the state is the same size in all of them
 * and only the number of checkpoints differs. The threads are timed in turn, sample by sample,
 * once they all exist: the same table, the same warmed-up process and the same background load
 * for every size, so the ratio between sizes is the thread length's doing.
 */
export async function runScaling(contender: Contender, db: BenchDatabase, options: BenchOptions, log: (line: string) => void) {
  const threads: LongThread[] = [];
  for (const size of options.scaleSizes) {
    const script = new ThreadScript(`long-${size}`, { seed: options.seed, messageBytes: options.messageBytes, window: options.scaleWindow }, contender.saver);
    const started = now();
    await growThread(contender.saver, script, size);
    threads.push({ script, fillSeconds: round(seconds(started)) });
    log(`  thread of ${size} checkpoints written in ${threads.at(-1)!.fillSeconds} s`);
  }
  return { result: await measure(contender, db, threads, options), threads };
}

/**
 * The same reads once the contender's checkpoint table holds `millionRows` rows: copies (in SQL)
 * of a short thread the contender wrote itself, until the count is reached.
 */
export async function runMillion(contender: Contender, db: BenchDatabase, threads: LongThread[], options: BenchOptions, log: (line: string) => void) {
  const shape = { seed: options.seed, messageBytes: options.messageBytes, window: TEMPLATE_WINDOW };
  await growThread(contender.saver, new ThreadScript(TEMPLATE_THREAD, shape, contender.saver), TEMPLATE_STEPS);
  const missing = options.millionRows - (await db.rowCount(contender.schema, contender.checkpointTable));
  const copies = Math.max(0, Math.ceil(missing / TEMPLATE_STEPS));
  for (let from = 1; from <= copies; from += COPIES_PER_STATEMENT) {
    const to = Math.min(copies, from + COPIES_PER_STATEMENT - 1);
    await cloneThread(db, contender.schema, contender.keying, TEMPLATE_THREAD, from, to);
    log(`  million: ${(to * TEMPLATE_STEPS).toLocaleString('en-US')} of ${(copies * TEMPLATE_STEPS).toLocaleString('en-US')} background rows`);
  }
  await db.vacuumAnalyze(contender.schema);
  return measure(contender, db, threads, options);
}

/** Fresh planner statistics (as autovacuum keeps them), a correctness check, then the interleaved timing. */
async function measure(contender: Contender, db: BenchDatabase, threads: LongThread[], options: BenchOptions): Promise<ScaleResult> {
  const { saver } = contender;
  // Pages of the same length at every size (10 when the shortest thread has 10 checkpoints): a
  // page of 20 from the longer threads against a page of 10 from the shortest would measure the
  // payload doubling (raw pg itself then reads ~2.4× slower), not the thread's length.
  const pageSize = Math.min(options.pageSize, ...threads.map(({ script }) => script.steps));
  await db.analyze(contender.schema);
  for (const { script } of threads) await verifyThread(saver, script, pageSize);
  const operations: Record<'getTuple' | 'list', (threadId: string) => Promise<unknown>> = {
    getTuple: (threadId) => saver.getTuple(latestConfig(threadId)),
    list: (threadId) => listPage(saver, threadId, pageSize),
  };
  const timings = threads.map(() => ({ getTuple: new Latencies(), list: new Latencies() }));
  for (const kind of ['getTuple', 'list'] as const) {
    for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const { script } of threads) await operations[kind](script.threadId);
    // Bounded both ways: scaleSamples rounds, or scaleSeconds per thread in all.
    const deadline = Date.now() + options.scaleSeconds * 1000 * threads.length;
    for (let sample = 0; sample < options.scaleSamples && Date.now() < deadline; sample++) {
      for (const [i, { script }] of threads.entries()) await timings[i][kind].time(() => operations[kind](script.threadId));
    }
  }
  return {
    tableRows: await db.rowCount(contender.schema, contender.checkpointTable),
    pageSize,
    points: threads.map(({ script, fillSeconds }, i) => ({
      checkpoints: script.steps,
      getTuple: timings[i].getTuple.summary(),
      list: timings[i].list.summary(),
      fillSeconds,
    })),
  };
}
