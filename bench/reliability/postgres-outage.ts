/**
 * PostgreSQL crashes under load and comes back: `npm run outage`. On a private cluster, the
 * production server must answer 503 with Retry-After within 5 s of the crash (readiness 503,
 * liveness 200), recover without a restart when the database returns, and lose no acknowledged
 * checkpoint. Exits 1 when any of that fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkpointLoad, missingOrChanged } from '../../test/support/acknowledged-writes.js';
import { freePort, ServerProcess } from '../service/server-process.js';
import { bootstrap, createProject, mintToken } from '../service/tenant.js';
import { PrivatePostgres } from './private-postgres.js';

const root = new URL('../..', import.meta.url).pathname;
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const postgres = PrivatePostgres.create(await freePort());
postgres.start();
const dataDir = mkdtempSync(join(tmpdir(), 'duo-outage-'));
const env = {
  ...process.env,
  DATABASE_URL: postgres.url,
  DATA_DIR: dataDir,
  DB_CONNECT_TIMEOUT_MS: '2000',
  RATE_LIMIT_ENABLED: 'false',
  LOG_LEVEL: 'warn',
  RETENTION_INTERVAL_MINUTES: '0',
  JWT_SECRET: process.env.JWT_SECRET ?? 'outage-test-secret-that-is-at-least-32-characters',
};
await bootstrap(root, env);
const token = await mintToken(root, env, 'api');
const server = await ServerProcess.start(root, env);
try {
  const projectId = await createProject(server.baseUrl, token);
  const workflowIds: number[] = [];
  for (let i = 0; i < 4; i++) {
    const response = await fetch(`${server.baseUrl}/api/v4/ai/duo_workflows/workflows`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project_id: projectId }),
    });
    workflowIds.push(((await response.json()) as { id: number }).id);
  }
  const get = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  const load = checkpointLoad({ baseUrl: server.baseUrl, token, workflowIds }, 8);
  await sleep(3000);
  check(load.acknowledged.length > 0, `checkpoints acknowledged before the crash: ${load.acknowledged.length}`);

  postgres.crash();
  const crashedAt = Date.now();
  let unavailable: Response | undefined;
  while (Date.now() - crashedAt < 10_000) {
    const response = await get(`/api/v4/ai/duo_workflows/workflows/${workflowIds[0]}/checkpoints/latest`);
    if (response.status === 503) {
      unavailable = response;
      break;
    }
    await sleep(100);
  }
  const seconds = (Date.now() - crashedAt) / 1000;
  check(unavailable !== undefined && seconds <= 5, `503 within 5 s of the crash (after ${seconds.toFixed(1)} s)`);
  check(unavailable?.headers.get('retry-after') !== null && unavailable?.headers.get('retry-after') !== undefined, 'the 503 carries Retry-After');
  check((await get('/-/readiness')).status === 503, 'readiness is 503 while the database is down');
  check((await get('/-/liveness')).status === 200, 'liveness stays 200');
  await sleep(2000);

  postgres.start();
  const restartedAt = Date.now();
  let ready = false;
  while (!ready && Date.now() - restartedAt < 30_000) {
    ready = (await get('/-/readiness').catch(() => undefined))?.status === 200;
    if (!ready) await sleep(200);
  }
  check(ready, `recovered without a restart (${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the database returned)`);
  const before = load.acknowledged.length;
  await sleep(3000);
  await load.stop();
  check(load.acknowledged.length > before, `writes acknowledged again after recovery: ${load.acknowledged.length - before}`);
  const statuses = new Set(load.statuses);
  check([...statuses].every((status) => [200, 201, 503].includes(status)), `only 2xx and 503 answers (${[...statuses].join(', ')})`);
  const lost = await missingOrChanged(server.baseUrl, token, load.acknowledged);
  check(lost.length === 0, `every acknowledged checkpoint reads back identical (${load.acknowledged.length} checked, ${lost.length} missing or changed)`);
} finally {
  await server.stop();
  postgres.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(failures.length === 0 ? 'outage: passed' : `outage: FAILED (${failures.length})`);
process.exit(failures.length === 0 ? 0 : 1);

