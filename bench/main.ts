import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LABELS, type Contender, type ContenderName } from './contenders/contender.js';
import { startPostgresSaver, startRawPg } from './contenders/in-process.js';
import { startService } from './contenders/service.js';
import { BenchDatabase } from './db/bench-database.js';
import { parseOptions, USAGE, UsageError, type BenchOptions } from './options.js';
import { metrics, missingFigures, type Results } from './report/metrics.js';
import { gitState, writeResults } from './report/results-file.js';
import { renderTable } from './report/table.js';
import { checkTargets } from './report/targets.js';
import { ContenderRun } from './run-contender.js';

/**
 * `npm run bench`: issue 6's benchmark. Builds first (npm script), then runs raw pg,
 * PostgresSaver and the service one after the other on the same workload against DATABASE_URL,
 * prints the table and writes the results file. Progress goes to stderr, the table to stdout.
 *
 * All three are started and warmed up first; the workload then runs in rounds, the contenders one
 * after the other within each round, and each contender's figures are its median round (decision
 * 0020). The phases after the workload run one contender at a time, as before.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** How long a contender's start waits for the one before to stop keeping PostgreSQL busy. */
const SETTLE_SECONDS = 120;

function start(name: ContenderName, db: BenchDatabase, options: BenchOptions): Promise<Contender> {
  if (name === 'raw') return startRawPg(db, options.databaseUrl);
  if (name === 'postgresSaver') return startPostgresSaver(db, options.databaseUrl);
  const nodeArgs = options.serverCpuProf ? ['--cpu-prof', '--cpu-prof-dir', 'bench/results/profiles'] : [];
  return startService(db, { root: ROOT, databaseUrl: options.databaseUrl, nodeArgs });
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, process.env);
  if (!existsSync(new URL('../dist/main.js', import.meta.url))) throw new Error('dist/main.js is missing: run `npm run build` (npm run bench does)');
  const date = new Date();
  const db = await BenchDatabase.connect(options.databaseUrl);
  const results: Results = {};
  const runs: ContenderRun[] = [];
  try {
    const postgres = await db.serverSettings();
    for (const name of options.contenders) {
      const run = new ContenderRun(await start(name, db, options), db, options, log);
      runs.push(run);
      await run.warmUp();
    }
    const settle = async () => {
      if (!(await db.settle(SETTLE_SECONDS))) log(`  PostgreSQL was still busy after ${SETTLE_SECONDS} s; going on anyway`);
    };
    await settle();
    for (let round = 0; round < options.rounds; round++) {
      // Each round starts with the next contender, so that none always follows the same one.
      const shift = round % runs.length;
      for (const run of [...runs.slice(shift), ...runs.slice(0, shift)]) await run.workloadRound(round);
    }
    for (const run of runs) {
      // The contender before may have left PostgreSQL busy (a million rows to vacuum and write out).
      await settle();
      results[run.contender.name] = await run.finish();
    }
    const list = metrics(options.scaleSizes, options.million);
    const targets = checkTargets(results, options);
    process.stdout.write(renderTable(results, list, targets, options));
    const files = writeResults(ROOT, options, { date, git: gitState(ROOT), postgres }, results, targets);
    log(`results: ${files.join(', ')}`);
    const missing = missingFigures(results, list);
    if (missing.length > 0) log(`bench failed: figures missing: ${missing.join('; ')}`);
    return missing.length > 0 || (options.strict && targets.some((target) => target.pass === false)) ? 1 : 0;
  } finally {
    // Whatever failed midway: no server process or schema is left behind.
    for (const run of runs) await run.close().catch((error: unknown) => log(`closing ${LABELS[run.contender.name]} failed: ${String(error)}`));
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
