import { loadavg } from 'node:os';
import { LABELS, type Contender, type ContenderName, type ProcessMemory } from './contenders/contender.js';
import { sizeDelta, type BenchDatabase, type TableSizes } from './db/bench-database.js';
import type { BenchOptions } from './options.js';
import { runBigCheckpoint, type BigCheckpointResult } from './phases/big-checkpoint.js';
import { runMillion, runScaling, type ScaleResult } from './phases/scaling.js';
import { medianRound, resumeUse, runWorkload, warmUp, type WorkloadResult } from './phases/workload.js';
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

/** How long a round waits for PostgreSQL to be done with the one before (a few MiB to write out). */
const ROUND_SETTLE_SECONDS = 30;

/**
 * A started contender between its phases: warmed up, then the workload's rounds collected as they
 * run (in turn with the other contenders'), with what each round's timed part stored; then the
 * phases after the workload, alone.
 */
export class ContenderRun {
  readonly phaseSeconds: Record<string, number> = {};
  readonly rounds: WorkloadResult[] = [];
  private readonly loadAtStart = round(loadavg()[0]);
  private readonly atStart: ProcessMemory | undefined;
  /** What each round's timed workload added to the contender's tables. */
  private readonly added: TableSizes[] = [];
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
  }

  /**
   * One round of the workload, on threads of its own, after a few untimed steps (resumeUse). The
   * tables' sizes are taken around the timed part only: what the workload adds counts as stored.
   * Before it PostgreSQL writes out its dirty pages (settle's CHECKPOINT): the round before, another
   * contender's, must not be flushed during this one's.
   */
  async workloadRound(index: number): Promise<void> {
    const { contender, db, options } = this;
    await resumeUse(contender.saver, options, index);
    const sizes = async () => {
      await db.vacuumAnalyze(contender.schema);
      return db.tableSizes(contender.schema);
    };
    const before = await sizes();
    if (!(await db.settle(ROUND_SETTLE_SECONDS))) this.log(`  PostgreSQL was still busy after ${ROUND_SETTLE_SECONDS} s; timing anyway`);
    const { result } = await this.phase(options.rounds > 1 ? `workload, round ${index + 1}` : 'workload', () => runWorkload(contender.saver, options, index));
    this.rounds.push(result);
    this.added.push(sizeDelta(await sizes(), before).tables);
  }

  /** The phases after the workload, then the result; the contender is closed whatever happens. */
  async finish(): Promise<ContenderResult> {
    const { contender, db, options, log } = this;
    try {
      const checkpoints = this.rounds.length * options.threads * options.steps;
      const storage = storageOf(this.added, checkpoints);
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

/** What the rounds' timed workloads added to the contender's tables (heap, TOAST and indexes), each after VACUUM ANALYZE. */
function storageOf(added: TableSizes[], checkpoints: number): StorageResult {
  const tables: TableSizes = {};
  for (const round of added) for (const [table, bytes] of Object.entries(round)) tables[table] = (tables[table] ?? 0) + bytes;
  const total = Object.values(tables).reduce((sum, bytes) => sum + bytes, 0);
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
