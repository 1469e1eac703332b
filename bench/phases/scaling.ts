import type { Contender } from '../contenders/contender.js';
import { cloneThread } from '../db/clone-threads.js';
import type { BenchDatabase } from '../db/bench-database.js';
import type { BenchOptions } from '../options.js';
import { now, round, seconds, type Throughput } from '../stats.js';
import { ThreadScript } from '../thread-script.js';
import { growThread, verifyThread } from './thread-io.js';
import { threadReadLatency } from './workload.js';

export type ScalePoint = { checkpoints: number; tableRows: number; getTuple: Throughput; list: Throughput; fillSeconds: number };

const LONG_THREAD = 'long';
/** The background threads of the million-row table: copies of one short trimmed conversation. */
const TEMPLATE_THREAD = 'bg-template';
const TEMPLATE_STEPS = 100;
const TEMPLATE_WINDOW = 2;
/** Copies per INSERT … SELECT: 100,000 rows a statement keeps each transaction modest. */
const COPIES_PER_STATEMENT = 1_000;

/**
 * getTuple and a list page of one thread as it grows to each of the sizes (its steps put one
 * after the other through the contender, as a long-running agent would). The thread keeps its
 * last few messages (a trimmed conversation), so its state stays the same size and only the
 * number of checkpoints changes. Statistics are refreshed (ANALYZE, as autovacuum would) before
 * each measurement.
 */
export async function runScaling(contender: Contender, db: BenchDatabase, options: BenchOptions, log: (line: string) => void) {
  const { saver } = contender;
  const script = new ThreadScript(LONG_THREAD, { seed: options.seed, messageBytes: options.messageBytes, window: options.scaleWindow }, saver);
  const points: ScalePoint[] = [];
  for (const size of options.scaleSizes) {
    const started = now();
    await growThread(saver, script, size);
    const fillSeconds = round(seconds(started));
    points.push(await measure(contender, db, script, options, fillSeconds));
    log(`  ${size} checkpoints in one thread: filled in ${fillSeconds} s`);
  }
  return { points, script };
}

/**
 * The same reads of the long thread once the contender's checkpoint table holds `millionRows`
 * rows: copies (in SQL) of a short thread the contender wrote itself, until the count is reached.
 */
export async function runMillion(contender: Contender, db: BenchDatabase, script: ThreadScript, options: BenchOptions, log: (line: string) => void) {
  const started = now();
  const template = new ThreadScript(TEMPLATE_THREAD, { seed: options.seed, messageBytes: options.messageBytes, window: TEMPLATE_WINDOW }, contender.saver);
  await growThread(contender.saver, template, TEMPLATE_STEPS);
  const missing = options.millionRows - (await db.rowCount(contender.schema, contender.checkpointTable));
  const copies = Math.max(0, Math.ceil(missing / TEMPLATE_STEPS));
  for (let from = 1; from <= copies; from += COPIES_PER_STATEMENT) {
    const to = Math.min(copies, from + COPIES_PER_STATEMENT - 1);
    await cloneThread(db, contender.schema, contender.keying, TEMPLATE_THREAD, from, to);
    log(`  million: ${to * TEMPLATE_STEPS} of ${copies * TEMPLATE_STEPS} background rows`);
  }
  await db.vacuumAnalyze(contender.schema);
  return measure(contender, db, script, options, round(seconds(started)));
}

async function measure(contender: Contender, db: BenchDatabase, script: ThreadScript, options: BenchOptions, fillSeconds: number): Promise<ScalePoint> {
  await db.analyze(contender.schema);
  await verifyThread(contender.saver, script, options.pageSize);
  const { getTuple, list } = await threadReadLatency(contender.saver, script.threadId, options);
  const tableRows = await db.rowCount(contender.schema, contender.checkpointTable);
  return { checkpoints: script.steps, tableRows, getTuple, list, fillSeconds };
}
