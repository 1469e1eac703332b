/**
 * Sustained mixed load against the production build: `npm run load -- [--seconds 60] [--concurrency 32]`.
 * Starts the server itself (on DATABASE_URL, or an embedded database in a temporary directory),
 * prints throughput and p50/p99 per operation, and exits 1 on any 5xx or network error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ServerProcess } from '../service/server-process.js';
import { bootstrap, createProject, mintToken } from '../service/tenant.js';
import { mixedLoad, percentile } from './mixed-load.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, concurrency: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const root = new URL('../..', import.meta.url).pathname;

const dataDir = mkdtempSync(join(tmpdir(), 'duo-load-'));
const env = { ...process.env, DATA_DIR: dataDir, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn', RETENTION_INTERVAL_MINUTES: '0', JWT_SECRET: process.env.JWT_SECRET ?? 'load-test-secret-that-is-at-least-32-characters' };
await bootstrap(root, env);
const token = await mintToken(root, env, 'api');
const server = await ServerProcess.start(root, env);
let failed = true;
try {
  const projectId = await createProject(server.baseUrl, token).catch(() => createProject(server.baseUrl, token));
  const workflowIds: number[] = [];
  for (let i = 0; i < concurrency; i++) {
    const response = await fetch(`${server.baseUrl}/api/v4/ai/duo_workflows/workflows`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project_id: projectId, thread_id: `load-${Date.now()}-${i}` }),
    });
    workflowIds.push(((await response.json()) as { id: number }).id);
  }
  console.log(`mixed load: ${concurrency} workers for ${seconds} s against ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'the embedded database'}`);
  const result = await mixedLoad({ baseUrl: server.baseUrl, token, workflowIds }, concurrency, seconds);

  let total = 0;
  let serverErrors = 0;
  const rows = Object.entries(result.operations).map(([name, stats]) => {
    total += stats.count;
    const fives = Object.entries(stats.statuses).filter(([status]) => status.startsWith('5')).reduce((sum, [, n]) => sum + n, 0);
    serverErrors += fives;
    return { operation: name, requests: stats.count, 'per s': round(stats.count / seconds), 'p50 ms': round(percentile(stats.latenciesMs, 50)), 'p99 ms': round(percentile(stats.latenciesMs, 99)), statuses: JSON.stringify(stats.statuses) };
  });
  console.table(rows);
  const all = Object.values(result.operations).flatMap((stats) => stats.latenciesMs);
  console.log(`total ${total} requests, ${round(total / seconds)}/s, p50 ${round(percentile(all, 50))} ms, p99 ${round(percentile(all, 99))} ms, 5xx ${serverErrors}, network errors ${result.networkErrors}, server peak RSS ${server.memory().peakRssMiB} MiB`);
  failed = serverErrors > 0 || result.networkErrors > 0 || total === 0;
  console.log(failed ? 'load: FAILED' : 'load: passed');
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
