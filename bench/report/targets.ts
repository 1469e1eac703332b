import type { BenchOptions } from '../options.js';
import { ratio, type Results } from './metrics.js';

export type TargetCheck = { target: string; value: number | undefined; unit: '×' | 'MiB'; pass: boolean | undefined };

const RSS_LIMIT_MIB = 256;

/** The targets of issue 6, as measured in this run (undefined: the run lacks a figure, e.g. --only). */
export function checkTargets(results: Results, options: BenchOptions): TargetCheck[] {
  const service = results.service;
  const base = results.postgresSaver;
  const vsBase = (get: (r: NonNullable<typeof service>) => number | undefined) => (service && base ? ratio(get(service), get(base)) : undefined);
  const atLeast = (target: string, value: number | undefined, limit: number): TargetCheck => ({ target, value, unit: '×', pass: value === undefined ? undefined : value >= limit });
  const atMost = (target: string, value: number | undefined, limit: number, unit: TargetCheck['unit'] = '×'): TargetCheck => ({
    target,
    value,
    unit,
    pass: value === undefined ? undefined : value <= limit,
  });
  const points = service?.scaling.points ?? [];
  const growth = (kind: 'getTuple' | 'list') => ratio(points.at(-1)?.[kind].p50Ms, points[0]?.[kind].p50Ms);
  const [first, last] = [options.scaleSizes[0], options.scaleSizes.at(-1)];
  return [
    atLeast('put/s ≥ 1.0× PostgresSaver', vsBase((r) => r.workload.put.perSecond), 1),
    atLeast('getTuple/s ≥ 5× PostgresSaver', vsBase((r) => r.workload.getTuple.perSecond), 5),
    atLeast('list/s ≥ 5× PostgresSaver', vsBase((r) => r.workload.list.perSecond), 5),
    atMost('bytes stored ≤ 1.0× PostgresSaver', vsBase((r) => r.storage.bytes), 1),
    atMost('bytes stored ≤ 0.3× PostgresSaver', vsBase((r) => r.storage.bytes), 0.3),
    atMost(`getTuple p50 at ${last} checkpoints ≤ 1.2× at ${first}`, growth('getTuple'), 1.2),
    atMost(`list page p50 at ${last} checkpoints ≤ 1.2× at ${first}`, growth('list'), 1.2),
    atMost(`service peak RSS ≤ ${RSS_LIMIT_MIB} MiB during the run`, service?.memory?.afterWorkload.peakRssMiB, RSS_LIMIT_MIB, 'MiB'),
    atMost(`peak RSS ≤ ${RSS_LIMIT_MIB} MiB with a ${options.bigCheckpointMiB} MiB checkpoint`, service?.memory?.end.peakRssMiB, RSS_LIMIT_MIB, 'MiB'),
  ];
}
