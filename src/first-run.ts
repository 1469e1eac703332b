import { closeSync, existsSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonalAccessTokenMinter } from './auth/personal-access-token-minter.js';
import type { AppConfig } from './config/environment.js';
import { DATABASE_TARGET, type DatabaseTarget } from './database/data-source-options.js';
import { ensureRootUser } from './users/root-user.js';

export const ROOT_TOKEN_MARKER = 'root-token-shown';
const ROOT_TOKEN_DAYS = 30;

/**
 * On start, tell the person at the terminal where things are. On the first start on the embedded
 * database, also create the admin `root` and print a token for it, once: a marker in DATA_DIR
 * remembers that it was shown (with `memory://` nothing persists, so every start is a first one).
 */
export async function announceFirstRun(app: INestApplication, config: AppConfig, url: string): Promise<void> {
  const lines = ['duo-checkpoints is running', `API:  ${url}/api/v4`, `Docs: ${url}/api/docs`];
  try {
    lines.push(...(await rootTokenLines(app, config, url)));
  } catch (error) {
    // The server is already serving; a failed welcome must not take it down.
    new Logger('FirstRun').warn(`could not create the root token: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.stdout.write(`\n${lines.map((line) => `  ${line}`).join('\n')}\n\n`);
}

async function rootTokenLines(app: INestApplication, config: AppConfig, url: string): Promise<string[]> {
  const marker = config.DATA_DIR === 'memory://' ? undefined : join(resolve(config.DATA_DIR), ROOT_TOKEN_MARKER);
  if (!app.get<DatabaseTarget>(DATABASE_TARGET).embedded || (marker && existsSync(marker))) return [];
  const { user } = await ensureRootUser(app.get(DataSource).manager);
  const expiresAt = new Date(Date.now() + ROOT_TOKEN_DAYS * 24 * 60 * 60 * 1000);
  const minted = await app.get(PersonalAccessTokenMinter).mint(user, { name: 'first-run', scopes: ['api'], expiresAt });
  if (minted.status === 'error') return [`No root token: ${minted.message}`];
  if (marker && !claim(marker)) return []; // another process got there first and printed its own
  return [
    `Root token (user root, scope api, expires ${expiresAt.toISOString().slice(0, 10)}; shown only this once):`,
    `  ${minted.payload.jwt}`,
    `Try: curl -H "Authorization: Bearer $TOKEN" ${url}/api/v4/user`,
  ];
}

/** Creates the marker atomically ('wx'); false when it already exists. */
function claim(marker: string): boolean {
  try {
    closeSync(openSync(marker, 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
