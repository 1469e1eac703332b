import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { GENERATED_SECRET_FILE } from '../../src/auth/signing-secret.js';
import { runCli } from '../support/cli-process.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+\n$/;

/**
 * `bootstrap` and `token` as a shell script runs them, on the database the tests use (PostgreSQL at
 * DATABASE_URL, or an embedded one in a fresh DATA_DIR), signing with a secret the CLI generates
 * in DATA_DIR and the server then reads.
 */
describe('CLI: bootstrap and token', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duo-cli-'));
  const freshDir = mkdtempSync(join(tmpdir(), 'duo-cli-fresh-'));
  // No JWT_SECRET: the CLI and the server must agree on the one generated in DATA_DIR.
  const env = { DATA_DIR: dataDir, JWT_SECRET: undefined, NODE_ENV: 'development' };
  const appEnv = { DATA_DIR: dataDir, JWT_SECRET: '' };
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(freshDir, { recursive: true, force: true });
  });

  // The embedded database is one process's at a time: the app is open only between CLI runs.
  async function withApp(work: (t: TestApp) => Promise<void>) {
    const t = await startTestApp(appEnv);
    try {
      await work(t);
    } finally {
      await t.close();
    }
  }

  beforeAll(async () => {
    if (process.env.DATABASE_URL) await withApp((t) => t.truncate());
  });

  it('token asks for bootstrap on a database that was never migrated', async () => {
    const result = await runCli(['token', '--username', 'root', '--scopes', 'api'], { DATA_DIR: freshDir, DATABASE_URL: undefined, JWT_SECRET: undefined });
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/pending migrations: run `npm run cli -- bootstrap` first/);
  });

  it('bootstrap migrates and creates root once; token prints only a working JWT', async () => {
    const first = await runCli(['bootstrap'], env);
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderr).toMatch(/created user root, id \d+/);
    const again = await runCli(['bootstrap'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/no pending migrations/);
    expect(again.stderr).toMatch(/found user root/);

    const minted = await runCli(['token', '--username', 'root', '--scopes', 'api,ai_workflows', '--expires-in', '1h'], env);
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(JWT_SHAPE);
    const token = minted.stdout.trim();
    const claims = jwt.decode(token) as jwt.JwtPayload;
    expect(claims.scope).toBe('api ai_workflows');
    expect(claims.exp! - Date.now() / 1000).toBeGreaterThan(3500);
    expect(claims.exp! - Date.now() / 1000).toBeLessThanOrEqual(3600);
    expect(statSync(join(dataDir, GENERATED_SECRET_FILE)).mode & 0o777).toBe(0o600);

    await withApp(async (t) => {
      const auth = { Authorization: `Bearer ${token}` };
      const me = await t.http.get('/api/v4/user').set(auth);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'root', admin: true, state: 'active' });
      // The token is recorded, so it can be revoked.
      const [record] = (await t.http.get(`/api/v4/users/${me.body.id}/tokens`).set(auth)).body;
      expect(record).toMatchObject({ name: 'cli', scopes: ['api', 'ai_workflows'], revoked: false });
      await t.http.delete(`/api/v4/users/${me.body.id}/tokens/${record.id}`).set(auth).expect(204);
      expect((await t.http.get('/api/v4/user').set(auth)).status).toBe(401);
    });
  });

  describe('token refusals', () => {
    // Independent of the test above: bootstrap is idempotent.
    beforeAll(async () => {
      expect((await runCli(['bootstrap'], env)).code).toBe(0);
    });

    it.each<[string, string[], number, RegExp]>([
      ['an unknown user', ['--username', 'nobody', '--scopes', 'api'], 1, /no user with username nobody/],
      ['no username', ['--scopes', 'api'], 2, /--username is required/],
      ['an unknown scope', ['--username', 'root', '--scopes', 'api,sudo'], 2, /--scopes must be/],
      ['a bad lifetime', ['--username', 'root', '--scopes', 'api', '--expires-in', '1y'], 2, /--expires-in must be/],
      ['a lifetime over a year', ['--username', 'root', '--scopes', 'api', '--expires-in', '400d'], 1, /at most 365 days/],
    ])('%s: on stderr, with nothing on stdout', async (_case, args, code, message) => {
      const result = await runCli(['token', ...args], env);
      expect(result).toMatchObject({ code, stdout: '' });
      expect(result.stderr).toMatch(message);
    });
  });
});
