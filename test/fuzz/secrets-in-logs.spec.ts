import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * Credentials never reach the log (pino redaction and request serializers in
 * src/config/logger.options.ts). The production build runs as its own process with the most
 * verbose log level, and every line it writes is checked: requests that succeed, fail
 * authentication, fail validation and hit unknown routes, with the token in Authorization and in
 * PRIVATE-TOKEN.
 */
describe('secrets in logs', () => {
  let server: ServerProcess;
  const secret = 'log-test-secret-that-is-at-least-32-characters';

  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_URL: '', DATA_DIR: 'memory://', LOG_LEVEL: 'trace', NODE_ENV: 'development', JWT_SECRET: secret });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  /** The first start on the embedded database prints a root token once; it is the token used below. */
  async function rootToken(): Promise<string> {
    for (let waited = 0; waited < 20_000 && !/Try: curl/.test(server.output()); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    const token = /Root token[^\n]*\n\s*([\w-]+\.[\w-]+\.[\w-]+)/.exec(server.output())?.[1];
    if (!token) throw new Error(`no root token in:\n${server.output()}`);
    return token;
  }

  it('logs each request without the token or the signing secret', async () => {
    const token = await rootToken();
    const start = server.output().length;
    const forged = `${token.slice(0, -6)}AAAAAA`;
    const calls: [string, RequestInit & { headers: Record<string, string> }][] = [
      ['/api/v4/user', { headers: { Authorization: `Bearer ${token}` } }],
      ['/api/v4/user', { headers: { 'PRIVATE-TOKEN': token } }],
      ['/api/v4/user', { headers: { Authorization: `Bearer ${forged}`, 'PRIVATE-TOKEN': forged } }],
      ['/api/v4/nothing-here', { headers: { Authorization: `Bearer ${token}` } }],
      ['/api/v4/projects', { method: 'POST', headers: { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json', Cookie: `session=${token}` }, body: '{"name":1}' }],
    ];
    const statuses = [];
    for (const [path, init] of calls) statuses.push((await fetch(`${server.baseUrl}${path}`, { ...init, headers: { ...init.headers, 'X-Request-Id': `log-test-${statuses.length}` } })).status);
    expect(statuses).toEqual([200, 200, 401, 404, 400]);

    // pino writes asynchronously: wait until the last request's line is out.
    for (let waited = 0; waited < 5000 && !server.output().includes('log-test-4'); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = server.output().slice(start).split('\n').filter((line) => line.includes('log-test-'));
    expect(lines.length).toBeGreaterThanOrEqual(calls.length);
    const log = server.output().slice(start);
    for (const secretText of [token, forged, token.split('.')[2], secret]) expect(log).not.toContain(secretText);
  });
});
