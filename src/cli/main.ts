import 'reflect-metadata';
import { ConfigError, loadEnvironment } from '../config/environment.js';
import { EmbeddedDatabaseBusy } from '../database/embedded-lock.js';
import { COMMANDS } from './commands/index.js';

/**
 * `npm run cli -- <command> [--flag value]`. Commands print results on stdout (a minted token is
 * the only thing `token` prints, so scripts can capture it) and diagnostics on stderr.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`usage: npm run cli -- <command>\n\ncommands:\n${Object.entries(COMMANDS)
      .map(([key, c]) => `  ${key.padEnd(16)} ${c.description}`)
      .join('\n')}\n`);
    return name ? 2 : 0;
  }
  const config = loadEnvironment({ LOG_LEVEL: 'warn', ...process.env });
  return command.run(config, parseFlags(rest));
}

export function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(args[i]);
    if (!match) throw new UsageError(`unexpected argument: ${args[i]}`);
    if (match[2] !== undefined) flags[match[1]] = match[2];
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) flags[match[1]] = args[++i];
    else flags[match[1]] = 'true';
  }
  return flags;
}

export class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof UsageError || error instanceof EmbeddedDatabaseBusy;
    process.stderr.write(`${known ? (error as Error).message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(known ? 2 : 1);
  },
);
