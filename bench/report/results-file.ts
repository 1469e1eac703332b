import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BenchOptions } from '../options.js';
import { metrics, ratios, type Results } from './metrics.js';
import type { TargetCheck } from './targets.js';

export type GitState = { commit: string; short: string; dirty: boolean; changedFiles: string[] };

/** The commit measured; a dirty tree is recorded as such (its build is what ran), with the changed paths. */
export function gitState(root: string): GitState {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  try {
    // Porcelain lines are "XY path": the status columns may be blanks, so no trimming before slicing.
    const changedFiles = git('status', '--porcelain', '--untracked-files=no')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    return { commit: git('rev-parse', 'HEAD').trim(), short: git('rev-parse', '--short', 'HEAD').trim(), dirty: changedFiles.length > 0, changedFiles };
  } catch {
    return { commit: 'unknown', short: 'unknown', dirty: true, changedFiles: [] };
  }
}

export function machine(postgres: Record<string, string>) {
  const cpu = cpus();
  return {
    hostname: hostname(),
    os: `${process.platform} ${release()}`,
    cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres,
  };
}

/** Parameters without the database URL's credentials. */
function parameters(options: BenchOptions) {
  const { databaseUrl, ...rest } = options;
  const url = new URL(databaseUrl);
  return { ...rest, database: `${url.hostname}:${url.port || 5432}${url.pathname}` };
}

export function writeResults(
  root: string,
  options: BenchOptions,
  context: { date: Date; git: GitState; postgres: Record<string, string> },
  results: Results,
  targets: TargetCheck[],
): string[] {
  const document = {
    date: context.date.toISOString(),
    git: context.git,
    machine: machine(context.postgres),
    parameters: parameters(options),
    results,
    ratios: ratios(results, metrics(options.scaleSizes, options.million)),
    targets,
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  // Relative to the repository (the default bench/results/latest.json), or absolute as given.
  const files = [resolve(root, options.output)];
  if (options.record) files.push(recordFile(join(root, 'bench/results'), `${context.date.toISOString().slice(0, 10)}-${context.git.short}`));
  for (const file of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return files;
}

/** `<name>.json`, or `<name>-2.json`, `-3`, … when a run of the same day and commit was recorded before: no recorded run is overwritten. */
function recordFile(directory: string, name: string): string {
  for (let run = 1; ; run++) {
    const file = join(directory, run === 1 ? `${name}.json` : `${name}-${run}.json`);
    if (!existsSync(file)) return file;
  }
}
