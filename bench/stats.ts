import { performance } from 'node:perf_hooks';

export type LatencySummary = { count: number; p50Ms: number; p99Ms: number; meanMs: number; maxMs: number };
export type Throughput = LatencySummary & { seconds: number; perSecond: number };

/** Latencies of one kind of operation, in milliseconds. */
export class Latencies {
  private readonly samples: number[] = [];

  /** Runs `operation` and records how long it took. */
  async time<T>(operation: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await operation();
    this.samples.push(performance.now() - start);
    return result;
  }

  get count(): number {
    return this.samples.length;
  }

  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const total = sorted.reduce((sum, value) => sum + value, 0);
    return {
      count: sorted.length,
      p50Ms: round(percentile(sorted, 0.5)),
      p99Ms: round(percentile(sorted, 0.99)),
      meanMs: round(sorted.length === 0 ? 0 : total / sorted.length),
      maxMs: round(sorted.at(-1) ?? 0),
    };
  }

  /** Operations per second over a wall-clock span (the operations may have overlapped). */
  throughput(seconds: number): Throughput {
    return { ...this.summary(), seconds: round(seconds), perSecond: round(this.samples.length / seconds) };
  }
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** Three significant decimals are plenty for milliseconds and rates, and keep the JSON readable. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

export const now = (): number => performance.now();
