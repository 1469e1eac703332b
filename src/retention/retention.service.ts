import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/environment.js';
import { listRangePartitions, newestWorkflowId, PARTITIONED_TABLES, type RangePartition } from '../database/workflow-partitions.js';

export type RetentionReport = { cutoff: string; droppedPartitions: string[]; purgedWorkflows: number; skipped: string[] };

const DAY_MS = 24 * 60 * 60 * 1000;
const LOCK_ORDER = [
  'duo_workflows_checkpoint_elements',
  'duo_workflows_checkpoint_blobs',
  'duo_workflows_checkpoints',
  'duo_workflows_checkpoint_writes',
];

/**
 * Removes the checkpoint data of workflows older than RETENTION_DAYS; the workflows stay, archived.
 * First whole partitions whose newest workflow has expired are detached and dropped (no row-by-row
 * delete); then the remaining expired workflows are purged in batches of RETENTION_BATCH_SIZE.
 * Every step is its own short transaction and no connection is held between them, so writers (and
 * the embedded database's single connection) are never held up for long; DDL waits at most 2 s for
 * its lock and is otherwise left for the next run. Runs in several replicas at once are safe:
 * batches skip rows another run has locked, and a partition another run dropped is skipped.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<RetentionReport> {
    const cutoff = new Date(now.getTime() - this.config.RETENTION_DAYS * DAY_MS);
    const report: RetentionReport = { cutoff: cutoff.toISOString(), droppedPartitions: [], purgedWorkflows: 0, skipped: [] };
    await this.dropExpiredPartitions(cutoff, report);
    report.purgedWorkflows += await this.purgeInBatches(cutoff);
    return report;
  }

  private async dropExpiredPartitions(cutoff: Date, report: RetentionReport): Promise<void> {
    const newest = await newestWorkflowId(this.dataSource);
    const ranges = await listRangePartitions(this.dataSource, PARTITIONED_TABLES[0]);
    for (const range of ranges.sort((a, b) => a.from - b.from)) {
      // Only ranges the id sequence has passed: no new workflow can land in them any more.
      if (range.to - 1 > newest || !(await this.rangeExpired(range, cutoff))) continue;
      try {
        await this.dataSource.transaction(async (tx) => {
          await tx.query("SET LOCAL lock_timeout = '2s'");
          // All the parents up front, in the order a checkpoint write touches them (elements,
          // values, headers, pending writes): retention waits behind writers, never deadlocks with one.
          await tx.query(`LOCK TABLE ${LOCK_ORDER.join(', ')} IN ACCESS EXCLUSIVE MODE`);
          await this.markPurged(tx, 'id >= $1 AND id < $2', [range.from, range.to]);
          for (const table of PARTITIONED_TABLES) {
            const name = `${table}_w${range.from}`;
            await tx.query(`ALTER TABLE ${table} DETACH PARTITION ${name}`);
            await tx.query(`DROP TABLE ${name}`);
          }
        });
        report.droppedPartitions.push(`w${range.from}-${range.to - 1}`);
      } catch (error) {
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (code === '42P01') continue; // another run dropped it first
        if (code !== '55P03') throw error;
        report.skipped.push(`w${range.from}-${range.to - 1} (busy)`);
      }
    }
  }

  /** True when the newest workflow of the range (if any is left) was created before the cutoff. */
  private async rangeExpired(range: RangePartition, cutoff: Date): Promise<boolean> {
    const [newest] = await this.dataSource.query(
      'SELECT created_at FROM duo_workflows_workflows WHERE id >= $1 AND id < $2 ORDER BY id DESC LIMIT 1',
      [range.from, range.to],
    );
    return !newest || new Date(newest.created_at) < cutoff;
  }

  private async purgeInBatches(cutoff: Date): Promise<number> {
    let purged = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (tx) => {
        const rows: { id: string }[] = await tx.query(
          `SELECT id FROM duo_workflows_workflows WHERE created_at < $1 AND purged_at IS NULL
           ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [cutoff, this.config.RETENTION_BATCH_SIZE],
        );
        if (rows.length === 0) return 0;
        const ids = rows.map((row) => row.id);
        for (const table of PARTITIONED_TABLES) await tx.query(`DELETE FROM ${table} WHERE workflow_id = ANY($1::bigint[])`, [ids]);
        await this.markPurged(tx, 'id = ANY($1::bigint[])', [ids]);
        return ids.length;
      });
      purged += count;
      if (count < this.config.RETENTION_BATCH_SIZE) return purged;
    }
  }

  /** Marks workflows purged and drops their queued events, which belong to the removed run state. */
  private async markPurged(manager: EntityManager, where: string, params: unknown[]): Promise<void> {
    await manager.query(`DELETE FROM duo_workflows_events WHERE workflow_id IN (SELECT id FROM duo_workflows_workflows WHERE ${where})`, params);
    await manager.query(`UPDATE duo_workflows_workflows SET purged_at = now() WHERE ${where} AND purged_at IS NULL`, params);
  }
}
