import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../support/server-process.js';
import { productionNodeFlags } from '../support/production-node-flags.js';

// The flags live in package.json ("config.nodeFlags", used by `npm start` and `npm run start:prod`)
// and, for the container, in the Dockerfile: its NODE_OPTIONS and, for the one flag Node does not
// take from NODE_OPTIONS, its CMD.
describe('production Node flags', () => {
  const flags = productionNodeFlags();

  it('limit the heap, collect on the main thread, and the Dockerfile sets the same ones', () => {
    expect(flags).toEqual(
      expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/), expect.stringMatching(/^--max-semi-space-size=\d+$/), '--single-threaded-gc']),
    );
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const nodeOptions = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile)?.[1].split(' ') ?? [];
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(command[0]).toBe('node');
    expect(command.at(-1)).toBe('dist/main.js');
    expect([...nodeOptions, ...command.slice(1, -1)].sort()).toEqual([...flags].sort());
  });

  it('are what the server started by the tests runs with', async () => {
    // On DATABASE_URL, or on an embedded database of its own.
    const dataDir = mkdtempSync(join(tmpdir(), 'duo-flags-'));
    const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL ?? '' });
    try {
      const limit = Number(/--max-old-space-size=(\d+)/.exec(flags.join(' '))![1]);
      expect(server.child.spawnargs).toEqual(expect.arrayContaining(flags));
      // V8's limit is the old space plus the young generation: near the flag, far below the default (~4 GiB here).
      const metrics = await (await fetch(`${server.baseUrl}/-/metrics`)).text();
      const heapLimit = Number(/^nodejs_heap_size_limit_bytes (\d+)/m.exec(metrics)?.[1] ?? NaN);
      expect(heapLimit).toBeGreaterThanOrEqual(limit * 1024 * 1024);
      expect(heapLimit).toBeLessThan((limit + 64) * 1024 * 1024);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
