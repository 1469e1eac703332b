// Where the CPU of a workload goes: runs the bench's puts (or getTuples) against one contender and
// prints, per operation, the CPU time the bench process (the client), the server process and all of
// PostgreSQL's processes spent, and their context switches, from /proc. Throughput figures come
// from `npm run bench`; this says which process a change has to make cheaper.
//
//   npm run --silent build
//   DATABASE_URL=… npx tsx bench/tools/cpu-per-operation.ts service|postgresSaver [put|getTuple|list] [--rounds N] [--measured N] [--message-bytes N] [--concurrency N]
//
// SERVER_NODE_ARGS adds Node flags to the server (e.g. '--cpu-prof --cpu-prof-dir /tmp/prof', or
// '--perf-basic-prof' for `perf record -g -p <server pid>`).
//
// Untimed rounds of the workload run first (--rounds, default 2), so that the figures are those of
// a warm process.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { forEachConcurrently, repeatConcurrently } from '../concurrency.js';
import type { Contender } from '../contenders/contender.js';
import { startPostgresSaver } from '../contenders/in-process.js';
import { startService } from '../contenders/service.js';
import { BenchDatabase } from '../db/bench-database.js';
import { growThread, latestConfig, listPage } from '../phases/thread-io.js';
import { ThreadScript } from '../thread-script.js';

const args = process.argv.slice(2);
const numberFlag = (flag: string, fallback: number) => {
  const at = args.indexOf(flag);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
};
const rounds = numberFlag('--rounds', 2);
// Measured rounds: this machine's speed wanders; longer measurements average more of it out.
const measured = numberFlag('--measured', 1);
// The workload's message size (the bench's --message-bytes): how much of a cost follows the bytes.
const messageBytes = numberFlag('--message-bytes', 600);
const [which = 'service', operation = 'put'] = args as [string?, ('put' | 'getTuple' | 'list')?];
const [threads, steps] = [24, 40];
// Threads in flight at once (the bench's --concurrency): the batches' size follows it.
const concurrency = numberFlag('--concurrency', 12);
const reads = { getTuple: 3000, list: 300 };
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString());

/** user + system CPU of a process, in clock ticks (0 once it has gone). */
function cpuTicks(pid: number | 'self'): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Context switches of a process's main thread so far (voluntary: it waited; involuntary: it was
 * preempted); 0 once it has gone.
 */
function switches(pid: number | 'self'): { voluntary: number; involuntary: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { voluntary: field('voluntary_ctxt_switches'), involuntary: field('nonvoluntary_ctxt_switches') };
  } catch {
    return { voluntary: 0, involuntary: 0 };
  }
}

function pidsOf(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern]).toString().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function machineTicks(): { busy: number; all: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq + steal, all: user + nice + system + idle + iowait + irq + softirq + steal };
}

type Processes = 'client' | 'server' | 'postgres';
type Usage = { ticks: number; voluntary: number; involuntary: number };

/** CPU and context switches of a set of processes, summed. */
function usageOf(pids: (number | 'self')[]): Usage {
  const usage = { ticks: 0, voluntary: 0, involuntary: 0 };
  for (const pid of pids) {
    const { voluntary, involuntary } = switches(pid);
    usage.ticks += cpuTicks(pid);
    usage.voluntary += voluntary;
    usage.involuntary += involuntary;
  }
  return usage;
}

function snapshot(): Record<Processes, Usage> & { machine: ReturnType<typeof machineTicks> } {
  return { client: usageOf(['self']), server: usageOf(pidsOf('[n]ode .*dist/main.js')), postgres: usageOf(pidsOf('[p]ostgres')), machine: machineTicks() };
}

async function putSteps(contender: Contender, prefix: string): Promise<ThreadScript[]> {
  const scripts = Array.from({ length: threads }, (_, i) => new ThreadScript(`${prefix}-${i}`, { seed: 42, messageBytes }, contender.saver));
  await forEachConcurrently(scripts, concurrency, (script) => growThread(contender.saver, script, steps));
  return scripts;
}

/** getTuple (latest) or a list page of 20, `reads` times over the threads. */
function readThreads(contender: Contender, scripts: ThreadScript[], operation: 'getTuple' | 'list'): Promise<void> {
  // Bounded by count only: the CPU is divided by the number of reads.
  return repeatConcurrently(concurrency, { seconds: Infinity, maxOperations: reads[operation] }, async (i) => {
    const threadId = scripts[i % scripts.length].threadId;
    if (operation === 'list') await listPage(contender.saver, threadId, 20);
    else await contender.saver.getTuple(latestConfig(threadId));
  });
}

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const db = await BenchDatabase.connect(url);
const contender = which === 'service' ? await startService(db, { root: process.cwd(), databaseUrl: url, nodeArgs: process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) }) : await startPostgresSaver(db, url);
try {
  for (let round = 0; round < rounds; round++) await putSteps(contender, `warm-${round}`);
  const written = operation === 'put' ? [] : await putSteps(contender, 'read');
  const before = snapshot();
  const started = performance.now();
  for (let round = 0; round < measured; round++) {
    if (operation === 'put') await putSteps(contender, `measured-${round}`);
    else await readThreads(contender, written, operation);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = snapshot();
  const count = measured * (operation === 'put' ? threads * steps : reads[operation]);
  const perOperation = (who: Processes) => (((after[who].ticks - before[who].ticks) * TICK_MS) / count).toFixed(2);
  // Context switches per operation: a process that waits, or is preempted, more per operation
  // spends more CPU switching, and the three processes of the service pass each batch along.
  const switchesPer = (who: Processes) =>
    `${((after[who].voluntary - before[who].voluntary) / count).toFixed(1)}/${((after[who].involuntary - before[who].involuntary) / count).toFixed(1)}`;
  const busy = (after.machine.busy - before.machine.busy) / (after.machine.all - before.machine.all);
  console.log(
    `${which} ${operation}: ${Math.round(count / seconds)}/s; CPU ms per ${operation}: client ${perOperation('client')}, ` +
      `server ${perOperation('server')}, postgres ${perOperation('postgres')}; machine ${Math.round(busy * 100)} % busy; ` +
      `context switches per ${operation} (waited/preempted): client ${switchesPer('client')}, server ${switchesPer('server')}, postgres ${switchesPer('postgres')}`,
  );
} finally {
  await contender.close();
  await db.close();
}
