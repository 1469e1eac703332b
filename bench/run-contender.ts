import type { Contender, ContenderName, ProcessMemory } from './contenders/contender.js';
import { sizeDelta, type BenchDatabase, type TableSizes } from './db/bench-database.js';
import type { BenchOptions } from './options.js';
import { runBigCheckpoint, type BigCheckpointResult } from './phases/big-checkpoint.js';
import { runMillion, runScaling, type ScalePoint } from './phases/scaling.js';
import { runWorkload, type WorkloadResult } from './phases/workload.js';
import { now, round, seconds } from './stats.js';

export type StorageResult = { bytes: number; checkpoints: number; bytesPerCheckpoint: number; tables: TableSizes };

export type ContenderResult = {
  name: ContenderName;
  workload: WorkloadResult;
  storage: StorageResult;
  scaling: ScalePoint[];
  million?: ScalePoint;
  bigCheckpoint: BigCheckpointResult;
  /** The serving process (the service only): peak RSS after workload + scaling (+ million), and at the very end. */
  memory?: { afterWorkload: ProcessMemory; end: ProcessMemory };
  phaseSeconds: Record<string, number>;
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
  try {
    await db.vacuumAnalyze(contender.schema);
    const empty = await db.tableSizes(contender.schema);
    const { result: workload } = await phase('workload', () => runWorkload(contender.saver, options));
    const storage = await phase('storage', () => measureStorage(db, contender, empty, options.threads * options.steps));
    const { points: scaling, script } = await phase('scaling', () => runScaling(contender, db, options, log));
    const million = options.million ? await phase('million', () => runMillion(contender, db, script, options, log)) : undefined;
    const afterWorkload = contender.memory?.();
    const bigCheckpoint = await phase('big checkpoint', () => runBigCheckpoint(contender, options));
    const end = contender.memory?.();
    const memory = afterWorkload && end ? { afterWorkload, end } : undefined;
    return { name: contender.name, workload, storage, scaling, million, bigCheckpoint, memory, phaseSeconds };
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
