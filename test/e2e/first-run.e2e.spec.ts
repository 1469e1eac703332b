import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_SECRET_FILE } from '../../src/auth/signing-secret.js';
import { ROOT_TOKEN_MARKER } from '../../src/first-run.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/** `npm start` on the embedded database with no configuration: root and a root token, printed once. */
describe('first run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duo-first-run-'));
  // No DATABASE_URL and no JWT_SECRET: what a first `npm start` on a laptop sees.
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '', NODE_ENV: 'development' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function stop(server: ServerProcess) {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }

  /** The announcement comes right after "listening"; wait for its last line. */
  async function announcement(server: ServerProcess): Promise<string> {
    for (let waited = 0; waited < 20_000 && !/Docs: \S+/.test(server.output()); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return server.output();
  }

  it('prints a working root token on the first start only; the token survives a restart', async () => {
    const first = await startServerProcess(env);
    const output = await announcement(first);
    const token = /Root token[^\n]*\n\s*([\w-]+\.[\w-]+\.[\w-]+)/.exec(output)?.[1];
    expect(token).toBeDefined();
    expect(output).toContain(`API:  http://localhost:${first.port}/api/v4`);

    const me = await fetch(`${first.baseUrl}/api/v4/user`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'root', admin: true });
    expect(statSync(join(dataDir, GENERATED_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, ROOT_TOKEN_MARKER)).isFile()).toBe(true);
    await stop(first);

    const second = await startServerProcess(env);
    const again = await announcement(second);
    expect(again).not.toContain('Root token');
    expect(again).not.toContain(token);
    const still = await fetch(`${second.baseUrl}/api/v4/user`, { headers: { 'PRIVATE-TOKEN': token! } });
    expect(still.status).toBe(200);
    await stop(second);
  });
});
