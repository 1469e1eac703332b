import type { ContenderName } from '../contenders/contender.js';
import type { ScalePoint } from '../phases/scaling.js';
import type { ContenderResult } from '../run-contender.js';

export type Results = Partial<Record<ContenderName, ContenderResult>>;

/** One figure of the report: how to read it from a contender's result, and which way is better. */
export type Metric = { key: string; label: string; section: string; better: 'higher' | 'lower'; get: (result: ContenderResult) => number | undefined };

const MIB = 1024 * 1024;

function scaleMetrics(kind: 'getTuple' | 'list', sizes: number[], million: boolean): Metric[] {
  const at = (checkpoints: number) => (result: ContenderResult) => result.scaling.find((p) => p.checkpoints === checkpoints)?.[kind].p50Ms;
  const first = (result: ContenderResult) => result.scaling[0]?.[kind].p50Ms;
  const last = (result: ContenderResult): ScalePoint | undefined => result.scaling.at(-1);
  const metrics: Metric[] = sizes.map((size) => ({
    key: `scale.${kind}.p50Ms.${size}`,
    label: `${kind} p50 ms, thread of ${size.toLocaleString('en-US')}`,
    section: 'scaling',
    better: 'lower',
    get: at(size),
  }));
  if (million) {
    metrics.push({ key: `scale.${kind}.p50Ms.million`, label: `${kind} p50 ms, same thread, 1M rows`, section: 'scaling', better: 'lower', get: (r) => r.million?.[kind].p50Ms });
  }
  metrics.push({
    key: `scale.${kind}.growth`,
    label: `${kind} p50 ${sizes.at(-1)?.toLocaleString('en-US')} ÷ ${sizes[0]?.toLocaleString('en-US')}`,
    section: 'scaling',
    better: 'lower',
    get: (r) => ratio(last(r)?.[kind].p50Ms, first(r)),
  });
  return metrics;
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
