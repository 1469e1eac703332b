import { PersonalAccessToken } from '../../auth/entities/personal-access-token.entity.js';
import { PersonalAccessTokenMinter } from '../../auth/personal-access-token-minter.js';
import { isScope, type Scope } from '../../auth/scopes.js';
import { TokenKeys } from '../../auth/token-keys.js';
import { hasPendingMigrations } from '../../database/migration-runner.js';
import { findUserByUsername } from '../../users/find-user-by-username.js';
import { withDataSource } from '../with-data-source.js';
import type { CliCommand } from './command.js';
import { parseDuration } from './duration.js';

const USAGE = 'usage: npm run --silent cli -- token --username U --scopes api[,read_api,ai_workflows] [--expires-in 1d] [--name cli]';
const DEFAULT_EXPIRES_IN = '1d';

/**
 * Mints a recorded, revocable token for a user, as whoever runs the CLI (they hold the database):
 * any scope, any user. Only the JWT goes to stdout, so `TOKEN=$(npm run --silent cli -- token …)` works.
 */
export const tokenCommand: CliCommand = {
  description: 'mint a token for a user and print only the JWT (--username U --scopes api,ai_workflows [--expires-in 1d] [--name N])',
  async run(config, flags) {
    const scopes = (flags.scopes ?? '').split(',').map((scope) => scope.trim()).filter(Boolean);
    const lifetime = parseDuration(flags['expires-in'] ?? DEFAULT_EXPIRES_IN);
    const problem = usageProblem(flags.username, scopes, lifetime);
    if (problem) return fail(`${problem}\n${USAGE}`, 2);

    return withDataSource(config, async (dataSource) => {
      if (await hasPendingMigrations(dataSource)) return fail('the database has pending migrations: run `npm run cli -- bootstrap` first');
      const user = await findUserByUsername(dataSource.manager, flags.username);
      if (!user) return fail(`no user with username ${flags.username}`);
      if (!user.active) return fail(`user ${user.username} is blocked: its tokens would be refused`);

      const minter = new PersonalAccessTokenMinter(dataSource.getRepository(PersonalAccessToken), new TokenKeys(config), config);
      const minted = await minter.mint(user, { name: flags.name ?? 'cli', scopes: scopes as Scope[], expiresAt: new Date(Date.now() + lifetime!) });
      if (minted.status === 'error') return fail(minted.message);
      process.stdout.write(`${minted.payload.jwt}\n`);
      process.stderr.write(`token ${minted.payload.record.id} for ${user.username} (${scopes.join(', ')}), expires ${minted.payload.record.expiresAt.toISOString()}\n`);
      return 0;
    });
  },
};

function usageProblem(username: string | undefined, scopes: string[], lifetime: number | undefined): string | undefined {
  if (!username) return '--username is required';
  if (scopes.length === 0 || !scopes.every(isScope)) return '--scopes must be a comma-separated list of api, read_api, ai_workflows';
  if (lifetime === undefined) return '--expires-in must be a number and a unit: s, m, h, d or w (e.g. 1h, 30d)';
  return undefined;
}

function fail(message: string, code = 1): number {
  process.stderr.write(`${message}\n`);
  return code;
}
