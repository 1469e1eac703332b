import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../support/server-process.js';

/** The production entry point under SIGTERM: stop accepting, finish what is in flight, exit 0. */
describe('graceful shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duo-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finishes an in-flight request after SIGTERM, refuses new connections, and exits 0', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir });

    // A request whose body is still arriving when the signal comes: it is in flight.
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v4/nothing-here', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('{"half":');
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end('"done"}'), 500);
      }, 200);
    });

    const response = await inFlight;
    expect(response.body).toContain('"message"');
    expect([401, 404]).toContain(response.status);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM received');
    await expect(fetch(`${server.baseUrl}/-/liveness`)).rejects.toThrow();
  });
});
