import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** Runs the built CLI (`npm run cli -- …` without the rebuild) and returns its stdout. */
export async function runCli(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
  return stdout.trim();
}

/** Migrates, makes sure root exists, and returns a fresh root token with the api scope. */
export async function rootToken(env: Record<string, string>): Promise<string> {
  await runCli(['bootstrap'], env);
  return runCli(['token', '--username', 'root', '--scopes', 'api', '--expires-in', '1h'], env);
}
