import { CONTENDERS, type ContenderName } from './contenders/contender.js';

export type BenchOptions = {
  databaseUrl: string;
  threads: number;
  steps: number;
  concurrency: number;
  /** Untimed steps per thread (put, getTuple, list page) on threads of their own before the clock starts. */
  warmupSteps: number;
  /** Rounds of the workload, each on threads of its own, the contenders in turn within each round. */
  rounds: number;
  messageBytes: number;
  /** Each read phase (getTuple, list) runs this long or this many operations, whichever comes first. */
  readSeconds: number;
  readMaxOperations: number;
  pageSize: number;
  /** Thread lengths at which getTuple and a list page are timed. */
  scaleSizes: number[];
  scaleSamples: number;
  scaleSeconds: number;
  /** Messages kept by the long thread (a trimmed conversation, so its state does not grow with it). */
  scaleWindow: number;
  million: boolean;
  millionRows: number;
  bigCheckpointMiB: number;
  contenders: ContenderName[];
  seed: number;
  smoke: boolean;
  keep: boolean;
  record: boolean;
  strict: boolean;
  serverCpuProf: boolean;
  output: string;
};

export const USAGE = `usage: npm run bench -- [flags]        (DATABASE_URL must name a PostgreSQL database the bench may use)

  --threads W            threads (default 24)            --steps S            steps per thread (default 40)
  --concurrency C        threads in flight (default 12)  --message-bytes N    bytes per message (default 600)
  --warmup-steps N       untimed steps per thread before measuring, 0 for none (default 40)
  --rounds N             workload rounds, contenders in turn in each; figures from the median (default 3)
  --read-seconds N       each read phase (default 5)     --page-size N        list page (default 20)
  --scale 10,1000,10000  long-thread sizes               --scale-samples N    timed reads per size (default 200)
  --million              also time reads with 1,000,000 checkpoint rows in each table (takes minutes)
  --big-mib N            size of the one huge checkpoint (default 20)
  --only raw,postgresSaver,service                        --seed N             data seed (default 42)
  --smoke                tiny run for CI (< 60 s)        --keep               keep the bench_* schemas
  --record               also write bench/results/<date>-<commit>.json (-2, -3, … if taken)
  --strict               exit 1 when a target of issue 6 is missed
  --server-cpu-prof      run the server with --cpu-prof (profiles in bench/results/profiles/)
  --output FILE          results file (default bench/results/latest.json)`;

const DEFAULTS: Omit<BenchOptions, 'databaseUrl'> = {
  threads: 24,
  steps: 40,
  concurrency: 12,
  warmupSteps: 40,
  rounds: 3,
  messageBytes: 600,
  readSeconds: 5,
  readMaxOperations: 100_000,
  pageSize: 20,
  scaleSizes: [10, 1_000, 10_000],
  scaleSamples: 200,
  scaleSeconds: 3,
  scaleWindow: 10,
  million: false,
  millionRows: 1_000_000,
  bigCheckpointMiB: 20,
  contenders: [...CONTENDERS],
  seed: 42,
  smoke: false,
  keep: false,
  record: false,
  strict: false,
  serverCpuProf: false,
  output: 'bench/results/latest.json',
};

/** Small enough for CI, still every phase and every contender. */
const SMOKE: Partial<BenchOptions> = {
  threads: 4,
  steps: 6,
  concurrency: 2,
  readSeconds: 0.5,
  warmupSteps: 1,
  rounds: 2,
  scaleSizes: [10, 60],
  scaleSamples: 10,
  scaleSeconds: 0.5,
  bigCheckpointMiB: 1,
  output: 'bench/results/smoke.tmp.json',
};

// Counts take whole numbers (a thread, a round, a row is not divisible); amounts may be fractional.
const COUNT_FLAGS: Record<string, keyof BenchOptions> = {
  threads: 'threads',
  steps: 'steps',
  concurrency: 'concurrency',
  'message-bytes': 'messageBytes',
  'page-size': 'pageSize',
  rounds: 'rounds',
  'scale-samples': 'scaleSamples',
  'million-rows': 'millionRows',
  seed: 'seed',
};
const AMOUNT_FLAGS: Record<string, keyof BenchOptions> = {
  'read-seconds': 'readSeconds',
  'big-mib': 'bigCheckpointMiB',
};
const SWITCHES: Record<string, keyof BenchOptions> = {
  million: 'million',
  smoke: 'smoke',
  keep: 'keep',
  record: 'record',
  strict: 'strict',
  'server-cpu-prof': 'serverCpuProf',
};

export class UsageError extends Error {}

/** Flags as `--name value` or `--name=value`; --smoke sets its preset first, so explicit flags still win. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new UsageError(`unexpected argument: ${argv[i]}`);
    const [, name, inline] = match;
    if (name === 'help') throw new UsageError('');
    if (SWITCHES[name]) flags.set(name, true);
    else flags.set(name, inline ?? argv[++i] ?? '');
  }
  const options: BenchOptions = { ...DEFAULTS, ...(flags.has('smoke') ? SMOKE : {}), databaseUrl: env.DATABASE_URL ?? '' };
  for (const [name, value] of flags) applyFlag(options, name, value);
  if (!options.databaseUrl) {
    throw new UsageError('DATABASE_URL is required: the PostgreSQL database the bench may use, e.g. postgresql://postgres@127.0.0.1:5432/duo_bench');
  }
  return options;
}

function applyFlag(options: BenchOptions, name: string, value: string | true): void {
  const record = options as Record<string, unknown>;
  if (SWITCHES[name]) record[SWITCHES[name]] = true;
  else if (COUNT_FLAGS[name]) record[COUNT_FLAGS[name]] = positiveInteger(name, value);
  else if (AMOUNT_FLAGS[name]) record[AMOUNT_FLAGS[name]] = positiveNumber(name, value);
  else if (name === 'scale') options.scaleSizes = String(value).split(',').map((size) => positiveInteger(name, size));
  else if (name === 'only') options.contenders = contenderList(String(value));
  else if (name === 'output') options.output = String(value);
  else if (name === 'warmup-steps') options.warmupSteps = value === '0' ? 0 : positiveInteger(name, value);
  else throw new UsageError(`unknown flag --${name}`);
}

function positiveNumber(name: string, value: string | true): number {
  const number = Number(value);
  if (value === true || !Number.isFinite(number) || number <= 0) throw new UsageError(`--${name} needs a positive number, got ${String(value)}`);
  return number;
}

function positiveInteger(name: string, value: string | true): number {
  const number = positiveNumber(name, value);
  if (!Number.isInteger(number)) throw new UsageError(`--${name} needs a whole number, got ${String(value)}`);
  return number;
}

function contenderList(value: string): ContenderName[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !CONTENDERS.includes(name as ContenderName));
  if (unknown.length > 0) throw new UsageError(`--only takes ${CONTENDERS.join(', ')}; unknown: ${unknown.join(', ')}`);
  return names as ContenderName[];
}
