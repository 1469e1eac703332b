import { loadavg } from 'node:os';
import { LABELS, type Contender, type ContenderName, type ProcessMemory } from './contenders/contender.js';
import { sizeDelta, type BenchDatabase, type TableSizes } from './db/bench-database.js';
import type { BenchOptions } from './options.js';
import { runBigCheckpoint, type BigCheckpointResult } from './phases/big-checkpoint.js';
import { runMillion, runScaling, type ScaleResult } from './phases/scaling.js';
import { medianRound, runWorkload, warmUp, type WorkloadResult } from './phases/workload.js';
import { now, round, seconds } from './stats.js';

export type StorageResult = { bytes: number; checkpoints: number; bytesPerCheckpoint: number; tables: TableSizes };

export type ContenderResult = {
  name: ContenderName;
  /** Each operation's median round (medianRound). */
  workload: WorkloadResult;
  /** Every round of the workload, in the order run. */
  workloadRounds: WorkloadResult[];
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

type Log = (line: string) => void;

/**
 * A started contender between its phases: warmed up, its tables' sizes taken before anything timed
 * was stored, the workload's rounds collected as they run (in turn with the other contenders').
 */
export class ContenderRun {
  readonly phaseSeconds: Record<string, number> = {};
  readonly rounds: WorkloadResult[] = [];
  private readonly loadAtStart = round(loadavg()[0]);
  private readonly atStart: ProcessMemory | undefined;
  private empty: TableSizes = {};
  private closed = false;

  constructor(
    readonly contender: Contender,
    private readonly db: BenchDatabase,
    private readonly options: BenchOptions,
    private readonly log: Log,
  ) {
    this.atStart = contender.memory?.();
  }

  async warmUp(): Promise<void> {
    if (this.options.warmupSteps > 0) await this.phase('warm-up', () => warmUp(this.contender.saver, this.options));
    // Sizes after the warm-up: only what the workload adds counts as stored.
    await this.db.vacuumAnalyze(this.contender.schema);
    this.empty = await this.db.tableSizes(this.contender.schema);
  }

  /** One round of the workload, on threads of its own. */
  async workloadRound(index: number): Promise<void> {
    const { result } = await this.phase(this.options.rounds > 1 ? `workload, round ${index + 1}` : 'workload', () =>
      runWorkload(this.contender.saver, this.options, index),
    );
    this.rounds.push(result);
  }

  /** The phases after the workload, then the result; the contender is closed whatever happens. */
  async finish(): Promise<ContenderResult> {
    const { contender, db, options, log } = this;
    try {
      const checkpoints = this.rounds.length * options.threads * options.steps;
      const storage = await this.phase('storage', () => measureStorage(db, contender, this.empty, checkpoints));
      const { result: scaling, threads } = await this.phase('scaling', () => runScaling(contender, db, options, log));
      const million = options.million ? await this.phase('million', () => runMillion(contender, db, threads, options, log)) : undefined;
      const afterWorkload = contender.memory?.();
      const bigCheckpoint = await this.phase('big checkpoint', () => runBigCheckpoint(contender, options));
      const end = contender.memory?.();
      const memory = this.atStart && afterWorkload && end ? { atStart: this.atStart, afterWorkload, end } : undefined;
      const loadAverage = { start: this.loadAtStart, end: round(loadavg()[0]) };
      const notes = defaultPartitionNotes(storage);
      const workload = medianRound(this.rounds);
      return { name: contender.name, workload, workloadRounds: this.rounds, storage, scaling, million, bigCheckpoint, memory, phaseSeconds: this.phaseSeconds, loadAverage, notes };
    } finally {
      await this.close();
    }
  }

  /** Stops the contender and drops its schema (unless --keep); a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.contender.close();
    if (!this.options.keep) await this.db.dropSchema(this.contender.schema);
  }

  private async phase<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = now();
    const result = await work();
    this.phaseSeconds[name] = round(seconds(started));
    this.log(`  ${LABELS[this.contender.name]}, ${name}: ${this.phaseSeconds[name]} s`);
    return result;
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
