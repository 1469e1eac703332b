import { loadavg } from 'node:os';
import type { Contender, ContenderName, ProcessMemory } from './contenders/contender.js';
import { sizeDelta, type BenchDatabase, type TableSizes } from './db/bench-database.js';
import type { BenchOptions } from './options.js';
import { runBigCheckpoint, type BigCheckpointResult } from './phases/big-checkpoint.js';
import { runMillion, runScaling, type ScaleResult } from './phases/scaling.js';
import { runWorkload, warmUp, type WorkloadResult } from './phases/workload.js';
import { now, round, seconds } from './stats.js';

export type StorageResult = { bytes: number; checkpoints: number; bytesPerCheckpoint: number; tables: TableSizes };

export type ContenderResult = {
  name: ContenderName;
  workload: WorkloadResult;
  storage: StorageResult;
  scaling: ScaleResult;
  /** The same reads with the checkpoint table filled to a million rows (--million). */
  million?: ScaleResult;
  bigCheckpoint: BigCheckpointResult;
  /** The serving process (the service only): once started, after workload + scaling (+ million), and at the very end. */
  memory?: { atStart: ProcessMemory; afterWorkload: ProcessMemory; end: ProcessMemory };
  phaseSeconds: Record<string, number>;
  /** The machine's 1-minute load average when the contender started and finished: other work on the machine skews the figures. */
  loadAverage: { start: number; end: number };
  /** Things that make the figures less representative, printed under the table. */
  notes: string[];
};

/** Every phase for one contender, in its fresh schema; the contender is closed whatever happens. */
export async function runContender(contender: Contender, db: BenchDatabase, options: BenchOptions, log: (line: string) => void): Promise<ContenderResult> {
  const phaseSeconds: Record<string, number> = {};
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = now();
    const result = await work();
    phaseSeconds[name] = round(seconds(started));
    log(`  ${name}: ${phaseSeconds[name]} s`);
    return result;
  };
  const loadAtStart = round(loadavg()[0]);
  try {
    const atStart = contender.memory?.();
    if (options.warmupSteps > 0) await phase('warm-up', () => warmUp(contender.saver, options));
    // Sizes after the warm-up: only what the workload adds counts as stored.
    await db.vacuumAnalyze(contender.schema);
    const empty = await db.tableSizes(contender.schema);
    const { result: workload } = await phase('workload', () => runWorkload(contender.saver, options));
    const storage = await phase('storage', () => measureStorage(db, contender, empty, options.threads * options.steps));
    const { result: scaling, threads } = await phase('scaling', () => runScaling(contender, db, options, log));
    const million = options.million ? await phase('million', () => runMillion(contender, db, threads, options, log)) : undefined;
    const afterWorkload = contender.memory?.();
    const bigCheckpoint = await phase('big checkpoint', () => runBigCheckpoint(contender, options));
    const end = contender.memory?.();
    const memory = atStart && afterWorkload && end ? { atStart, afterWorkload, end } : undefined;
    const loadAverage = { start: loadAtStart, end: round(loadavg()[0]) };
    const notes = defaultPartitionNotes(storage);
    return { name: contender.name, workload, storage, scaling, million, bigCheckpoint, memory, phaseSeconds, loadAverage, notes };
  } finally {
    await contender.close();
    if (!options.keep) await db.dropSchema(contender.schema);
  }
}

/** What the workload added to the contender's tables (heap, TOAST and indexes), after VACUUM ANALYZE. */
async function measureStorage(db: BenchDatabase, contender: Contender, empty: TableSizes, checkpoints: number): Promise<StorageResult> {
  await db.vacuumAnalyze(contender.schema);
  const { total, tables } = sizeDelta(await db.tableSizes(contender.schema), empty);
  return { bytes: total, checkpoints, bytesPerCheckpoint: Math.round(total / checkpoints), tables };
}

/**
 * Rows that landed in a DEFAULT partition mean the range partitions were not made ahead of the
 * data, unlike in production: e.g. the server's partition upkeep reads the catalog by table name
 * in every schema, so another copy of its tables in this database (the test suite's) misleads it.
 */
function defaultPartitionNotes(storage: StorageResult): string[] {
  const used = Object.keys(storage.tables).filter((table) => table.endsWith('_default'));
  return used.length === 0 ? [] : [`rows went to default partitions (${used.join(', ')}): use a database of its own for the bench`];
}
