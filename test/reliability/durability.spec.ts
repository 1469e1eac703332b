import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointLoad, missingOrChanged, type Acknowledged } from '../support/acknowledged-writes.js';
import { rootToken } from '../support/cli.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The production server as its own process, under checkpoint load, killed without warning or
 * stopped with SIGTERM: every checkpoint it acknowledged must read back identical afterwards.
 * On DATABASE_URL when set, else on the embedded database in a directory of its own.
 */
describe('acknowledged means durable', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'duo-durability-'));
    env = { DATA_DIR: dataDir, RATE_LIMIT_ENABLED: 'false', RETENTION_INTERVAL_MINUTES: '0' };
    token = await rootToken(env);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const workflowsFor = async (server: ServerProcess, count: number): Promise<number[]> => {
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const path = `durability-${Date.now()}`;
    const project = await (await fetch(`${server.baseUrl}/api/v4/projects`, { method: 'POST', headers, body: JSON.stringify({ name: path, path, namespace_path: 'reliability' }) })).json() as { id: number };
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const workflow = await (await fetch(`${server.baseUrl}/api/v4/ai/duo_workflows/workflows`, { method: 'POST', headers, body: JSON.stringify({ project_id: project.id }) })).json() as { id: number };
      ids.push(workflow.id);
    }
    return ids;
  };
  /** Starts the server again and reads every acknowledged checkpoint back: what is missing or changed. */
  const lostAfterRestart = async (acknowledged: Acknowledged[]): Promise<string[]> => {
    const restarted = await startServerProcess(env);
    try {
      return await missingOrChanged(restarted.baseUrl, token, acknowledged);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  };
  const until = async (predicate: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!predicate() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  it('keeps every acknowledged checkpoint when the server is killed with SIGKILL mid-load', async () => {
    const server = await startServerProcess(env);
    const load = checkpointLoad({ baseUrl: server.baseUrl, token, workflowIds: await workflowsFor(server, 4) }, 8);
    await until(() => load.acknowledged.length >= 150, 20_000);
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    await load.stop();
    expect(load.acknowledged.length).toBeGreaterThanOrEqual(150);

    expect(await lostAfterRestart(load.acknowledged)).toEqual([]);
  });

  it('finishes in-flight requests on SIGTERM mid-load, exits 0, and keeps every acknowledged checkpoint', async () => {
    const server = await startServerProcess(env);
    const load = checkpointLoad({ baseUrl: server.baseUrl, token, workflowIds: await workflowsFor(server, 4) }, 8);
    await until(() => load.acknowledged.length >= 150, 20_000);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await load.stop();
    // Requests already accepted got their answer; only new connections were refused.
    expect(load.statuses.every((status) => status === 201 || status === 200)).toBe(true);
    expect(Object.keys(load.failures).every((code) => ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(code))).toBe(true);

    expect(await lostAfterRestart(load.acknowledged)).toEqual([]);
  });
});
