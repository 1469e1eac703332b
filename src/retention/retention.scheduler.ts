import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/environment.js';
import { ensureWorkflowPartitions } from '../database/workflow-partitions.js';
import { RetentionService } from './retention.service.js';

const JOB = 'retention';

/**
 * Runs retention every RETENTION_INTERVAL_MINUTES (0: never) and keeps the checkpoint partitions
 * ahead of the workflow ids. Every replica schedules it; concurrent runs are safe (RetentionService).
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private running: Promise<void> | undefined;

  constructor(
    private readonly retention: RetentionService,
    private readonly registry: SchedulerRegistry,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.RETENTION_INTERVAL_MINUTES;
    if (minutes === 0) return;
    const timer = setInterval(() => void this.tick(), minutes * 60 * 1000);
    timer.unref();
    this.registry.addInterval(JOB, timer);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', JOB)) this.registry.deleteInterval(JOB);
    await this.running;
  }

  /** One scheduled run; failures are logged and retried at the next tick. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        await ensureWorkflowPartitions(this.dataSource, this.config.WORKFLOW_PARTITION_SIZE);
        const report = await this.retention.run();
        if ((report.purgedWorkflows > 0 || report.droppedPartitions.length > 0)) this.logger.log(report);
      } catch (error) {
        this.logger.error({ err: error }, 'retention run failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
