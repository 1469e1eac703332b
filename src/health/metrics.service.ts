import { Injectable } from '@nestjs/common';
import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

type PgPoolStats = { totalCount: number; idleCount: number; waitingCount: number };

/** Prometheus metrics: request durations by route and status, database pool gauges, process metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => (dataSource.driver as unknown as { master?: PgPoolStats }).master;
    const poolGauge = (name: string, help: string, read: (stats: PgPoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const stats = pool();
          this.set(stats ? read(stats) : 0);
        },
      });
    poolGauge('db_pool_connections_total', 'Connections open in the database pool', (s) => s.totalCount);
    poolGauge('db_pool_connections_idle', 'Idle connections in the database pool', (s) => s.idleCount);
    poolGauge('db_pool_requests_waiting', 'Requests waiting for a database connection', (s) => s.waitingCount);
    // The configured ceiling (--max-old-space-size and the young generation), beside the usage the
    // default metrics give: how close the process runs to it.
    new Gauge({ name: 'nodejs_heap_size_limit_bytes', help: 'V8 heap size limit', registers: [this.registry] }).set(getHeapStatistics().heap_size_limit);
  }
}
