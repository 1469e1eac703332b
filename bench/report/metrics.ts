import type { ContenderName } from '../contenders/contender.js';
import type { ScaleResult } from '../phases/scaling.js';
import type { ContenderResult } from '../run-contender.js';

export type Results = Partial<Record<ContenderName, ContenderResult>>;

/** One figure of the report: how to read it from a contender's result, and which way is better. */
export type Metric = { key: string; label: string; section: string; better: 'higher' | 'lower'; get: (result: ContenderResult) => number | undefined };

const MIB = 1024 * 1024;

function scaleMetrics(kind: 'getTuple' | 'list', sizes: number[], million: boolean): Metric[] {
  const p50 = (result: ScaleResult | undefined, size: number | undefined) => result?.points.find((p) => p.checkpoints === size)?.[kind].p50Ms;
  const [first, last] = [sizes[0], sizes.at(-1)];
  const count = (size: number | undefined) => size?.toLocaleString('en-US');
  const metric = (key: string, label: string, get: Metric['get']): Metric => ({ key: `scale.${kind}.${key}`, label, section: 'scaling', better: 'lower', get });
  return [
    ...sizes.map((size) => metric(`p50Ms.${size}`, `${kind} p50 ms, thread of ${count(size)}`, (r) => p50(r.scaling, size))),
    metric('growth', `${kind} p50 ${count(last)} ÷ ${count(first)}`, (r) => ratio(p50(r.scaling, last), p50(r.scaling, first))),
    ...(million
      ? [
          ...sizes.map((size) => metric(`million.p50Ms.${size}`, `${kind} p50 ms, thread of ${count(size)}, 1M rows`, (r) => p50(r.million, size))),
          metric('million.growth', `${kind} p50 ${count(last)} in 1M rows ÷ ${count(first)}`, (r) => ratio(p50(r.million, last), p50(r.scaling, first))),
        ]
      : []),
  ];
}

export function metrics(sizes: number[], million: boolean): Metric[] {
  return [
    { key: 'put.perSecond', label: 'put/s', section: 'workload', better: 'higher', get: (r) => r.workload.put.perSecond },
    { key: 'put.p50Ms', label: 'put p50 ms', section: 'workload', better: 'lower', get: (r) => r.workload.put.p50Ms },
    { key: 'put.p99Ms', label: 'put p99 ms', section: 'workload', better: 'lower', get: (r) => r.workload.put.p99Ms },
    { key: 'getTuple.perSecond', label: 'getTuple (latest)/s', section: 'workload', better: 'higher', get: (r) => r.workload.getTuple.perSecond },
    { key: 'getTuple.p50Ms', label: 'getTuple p50 ms', section: 'workload', better: 'lower', get: (r) => r.workload.getTuple.p50Ms },
    { key: 'getTuple.p99Ms', label: 'getTuple p99 ms', section: 'workload', better: 'lower', get: (r) => r.workload.getTuple.p99Ms },
    { key: 'list.perSecond', label: 'list (page)/s', section: 'workload', better: 'higher', get: (r) => r.workload.list.perSecond },
    { key: 'list.p50Ms', label: 'list p50 ms', section: 'workload', better: 'lower', get: (r) => r.workload.list.p50Ms },
    { key: 'list.p99Ms', label: 'list p99 ms', section: 'workload', better: 'lower', get: (r) => r.workload.list.p99Ms },
    { key: 'storage.MiB', label: 'stored MiB', section: 'workload', better: 'lower', get: (r) => r.storage.bytes / MIB },
    { key: 'storage.bytesPerCheckpoint', label: 'stored bytes/checkpoint', section: 'workload', better: 'lower', get: (r) => r.storage.bytesPerCheckpoint },
    ...scaleMetrics('getTuple', sizes, million),
    ...scaleMetrics('list', sizes, million),
    { key: 'big.putMs', label: 'put ms', section: 'big checkpoint', better: 'lower', get: (r) => r.bigCheckpoint.putMs },
    { key: 'big.getTupleMs', label: 'getTuple ms', section: 'big checkpoint', better: 'lower', get: (r) => r.bigCheckpoint.getTupleMs },
    { key: 'memory.rssAtStartMiB', label: 'RSS MiB once started', section: 'server process', better: 'lower', get: (r) => r.memory?.atStart.rssMiB },
    { key: 'memory.peakAfterWorkloadMiB', label: 'peak RSS MiB, workload + scaling', section: 'server process', better: 'lower', get: (r) => r.memory?.afterWorkload.peakRssMiB },
    { key: 'memory.rssBeforeBigMiB', label: 'RSS MiB before big checkpoint', section: 'server process', better: 'lower', get: (r) => r.bigCheckpoint.memoryBefore?.rssMiB },
    { key: 'memory.rssAfterBigMiB', label: 'RSS MiB after big checkpoint', section: 'server process', better: 'lower', get: (r) => r.bigCheckpoint.memoryAfter?.rssMiB },
    { key: 'memory.peakEndMiB', label: 'peak RSS MiB, whole run', section: 'server process', better: 'lower', get: (r) => r.memory?.end.peakRssMiB },
  ];
}

export function ratio(value: number | undefined, base: number | undefined): number | undefined {
  return value === undefined || base === undefined || base === 0 ? undefined : value / base;
}

/** Each figure as a ratio: service ÷ PostgresSaver, service ÷ raw pg, PostgresSaver ÷ raw pg. */
export function ratios(results: Results, list: Metric[]): Record<string, Record<string, number | undefined>> {
  const value = (name: ContenderName, metric: Metric) => {
    const result = results[name];
    return result && metric.get(result);
  };
  return Object.fromEntries(
    list.map((metric) => [
      metric.key,
      {
        serviceToPostgresSaver: ratio(value('service', metric), value('postgresSaver', metric)),
        serviceToRaw: ratio(value('service', metric), value('raw', metric)),
        postgresSaverToRaw: ratio(value('postgresSaver', metric), value('raw', metric)),
      },
    ]),
  );
}

/**
 * Figures a finished run should have but lacks (undefined or not a number): a bench that runs
 * but measures nothing must fail. Server-process figures exist for the service only.
 */
export function missingFigures(results: Results, list: Metric[]): string[] {
  return Object.values(results).flatMap((result) =>
    list
      .filter((metric) => metric.section !== 'server process' || result.name === 'service')
      .filter((metric) => !Number.isFinite(metric.get(result)))
      .map((metric) => `${result.name}: ${metric.label}`),
  );
}
