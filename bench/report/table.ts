import { cpus } from 'node:os';
import { CONTENDERS, LABELS } from '../contenders/contender.js';
import type { BenchOptions } from '../options.js';
import { ratios, type Metric, type Results } from './metrics.js';
import type { TargetCheck } from './targets.js';

const HEADER = ['metric', ...CONTENDERS.map((name) => LABELS[name]), 'svc÷PGS', 'svc÷raw', 'PGS÷raw'];

/** The report as a plain-text table: figures per contender, then the three ratios, by section. */
export function renderTable(results: Results, list: Metric[], targets: TargetCheck[], options: BenchOptions): string {
  const ratioOf = ratios(results, list);
  const rows: string[][] = [];
  let section = '';
  for (const metric of list) {
    if (metric.section !== section) {
      section = metric.section;
      rows.push([sectionTitle(section, options)]);
    }
    const values = CONTENDERS.map((name) => {
      const result = results[name];
      return formatNumber(result && metric.get(result));
    });
    const r = ratioOf[metric.key];
    rows.push([`  ${metric.label}`, ...values, formatRatio(r.serviceToPostgresSaver), formatRatio(r.serviceToRaw), formatRatio(r.postgresSaverToRaw)]);
  }
  const table = align([HEADER, ...rows]);
  const targetLines = targets.map(
    (t) => `  ${t.pass === undefined ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.target.padEnd(52)} ${t.unit === '×' ? formatRatio(t.value) : `${formatNumber(t.value)} MiB`}`,
  );
  const notes = CONTENDERS.flatMap((name) => (results[name]?.notes ?? []).map((note) => `note (${LABELS[name]}): ${note}\n`)).join('');
  return `${table}\n${roundsNote(results)}${loadNote(results)}${notes}\ntargets (issue 6)\n${targetLines.join('\n')}\n`;
}

/** Every round's rates, so that the spread behind each median is in sight. */
function roundsNote(results: Results): string {
  const present = CONTENDERS.filter((name) => (results[name]?.workloadRounds.length ?? 0) > 1);
  if (present.length === 0) return '';
  const lines = (['put', 'getTuple', 'list'] as const).map((operation) => {
    const perContender = present.map((name) => `${LABELS[name]} ${results[name]!.workloadRounds.map((round) => formatNumber(round[operation].perSecond)).join(' / ')}`);
    return `  ${operation}/s: ${perContender.join('; ')}`;
  });
  return `\nworkload rounds, in the order run (the table gives each median):\n${lines.join('\n')}\n`;
}

/** The load average around each contender, with a warning when the machine was busy with other work. */
function loadNote(results: Results): string {
  const loads = CONTENDERS.flatMap((name) => {
    const load = results[name]?.loadAverage;
    return load ? [`${LABELS[name]} ${load.start.toFixed(1)}→${load.end.toFixed(1)}`] : [];
  });
  const busiest = Math.max(...CONTENDERS.flatMap((name) => Object.values(results[name]?.loadAverage ?? {})));
  const warning = busiest > cpus().length ? `  (above ${cpus().length}: other processes competed for the CPUs; figures are low and noisy)` : '';
  return `\nload average (1 min): ${loads.join(', ')}${warning}\n`;
}

function sectionTitle(section: string, options: BenchOptions): string {
  if (section === 'workload') {
    const warm = options.warmupSteps > 0 ? `, after ${options.warmupSteps} untimed warm-up steps per thread` : ', no warm-up';
    const rounds = options.rounds > 1 ? `, median of ${options.rounds} rounds (contenders in turn)` : '';
    return `workload: ${options.threads} threads × ${options.steps} steps, ${options.concurrency} at a time, ~${options.messageBytes}-byte messages${rounds}${warm}`;
  }
  if (section === 'scaling') {
    const pageSize = Math.min(options.pageSize, ...options.scaleSizes);
    return `scaling: one thread of each size, ${options.scaleWindow} messages kept, sequential reads, list pages of ${pageSize}`;
  }
  if (section === 'big checkpoint') return `one ${options.bigCheckpointMiB} MiB checkpoint`;
  return section;
}

/** Pads columns; section rows (one cell) run across. */
function align(rows: string[][]): string {
  const widths = HEADER.map((_, column) => Math.max(...rows.filter((row) => row.length > 1).map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) => (row.length === 1 ? row[0] : row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column]))).join('  ')))
    .join('\n');
}

function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatRatio(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : `${value.toFixed(2)}×`;
}
