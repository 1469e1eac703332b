import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The project's own CLI from the build (`npm run cli` would rebuild first; the bench has just
 * built): prints only the JWT for `token`, diagnostics on stderr.
 */
async function cli(root: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, ['dist/src/cli/main.js', ...args], { cwd: root, env, timeout: 120_000 });
    return stdout.trim();
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`cli ${args[0]} failed: ${stderr?.trim() || String(error)}`);
  }
}

/** Migrations and the admin user root, before the server starts (as an operator would). */
export async function bootstrap(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  await cli(root, env, ['bootstrap']);
}

export function mintToken(root: string, env: NodeJS.ProcessEnv, scopes: string): Promise<string> {
  return cli(root, env, ['token', '--username', 'root', '--scopes', scopes, '--name', 'bench']);
}

/** A project for the bench's threads, created through the admin API (root becomes its owner). */
export async function createProject(baseUrl: string, apiToken: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v4/projects`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', path: 'bench', namespace_path: 'bench' }),
  });
  const body = (await response.json()) as { id?: number; message?: unknown };
  if (!response.ok || typeof body.id !== 'number') throw new Error(`creating the bench project failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.id;
}
