// Where the CPU of a workload goes: runs the bench's puts (or getTuples) against one contender and
// prints, per operation, the CPU time the bench process (the client), the server process and all of
// PostgreSQL's processes spent, from /proc. Throughput figures come from `npm run bench`; this says
// which process a change has to make cheaper.
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

function snapshot() {
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuTicks(pid), 0);
  return { client: cpuTicks('self'), server: sum(pidsOf('[n]ode .*dist/main.js')), postgres: sum(pidsOf('[p]ostgres')), machine: machineTicks() };
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
  const perOperation = (who: 'client' | 'server' | 'postgres') => (((after[who] - before[who]) * TICK_MS) / count).toFixed(2);
  const busy = (after.machine.busy - before.machine.busy) / (after.machine.all - before.machine.all);
  console.log(
    `${which} ${operation}: ${Math.round(count / seconds)}/s; CPU ms per ${operation}: client ${perOperation('client')}, ` +
      `server ${perOperation('server')}, postgres ${perOperation('postgres')}; machine ${Math.round(busy * 100)} % busy`,
  );
} finally {
  await contender.close();
  await db.close();
}
