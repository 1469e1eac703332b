import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/environment.js';
import { ServiceResponse } from '../../common/service-response.js';
import { isForeignKeyViolation } from '../../database/database-errors.js';
import type { User } from '../../users/entities/user.entity.js';
import { WorkflowPolicy } from '../../workflows/workflow.policy.js';
import type { CheckpointWriteDto, CheckpointWritesBatchDto } from '../dto/checkpoint-writes.dto.js';
import { transactionWithRetry } from '../../database/transaction-retry.js';
import { WRITES } from '../store/tables.js';

/**
 * Stores a task's pending writes against a checkpoint, which may not exist yet (LangGraph sends
 * writes while the checkpoint's own put is still in flight). Regular writes (idx >= 0) are
 * insert-if-absent, so a retried batch changes nothing; special ones (negative idx: error,
 * scheduled, interrupt, resume) replace what is there.
 */
@Injectable()
export class SaveCheckpointWritesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workflows: WorkflowPolicy,
    private readonly config: AppConfig,
  ) {}

  async execute(user: User, workflowId: string, params: CheckpointWritesBatchDto): Promise<ServiceResponse<Record<string, never>>> {
    const workflow = await this.workflows.load(user, workflowId, 'update_workflow');
    if (workflow.status === 'error') return workflow;
    const decoded = params.checkpoint_writes.map((write) => ({ ...write, bytes: Buffer.from(write.data, 'base64') }));
    const tooBig = decoded.findIndex((write) => write.bytes.length > this.config.WRITE_DATA_LIMIT_BYTES);
    if (tooBig >= 0) {
      return ServiceResponse.error('invalid', `checkpoint_writes[${tooBig}].data is larger than ${this.config.WRITE_DATA_LIMIT_BYTES} bytes`);
    }
    const key = (write: CheckpointWriteDto) => `${write.task}\0${write.idx}`;
    if (new Set(decoded.map(key)).size !== decoded.length) {
      return ServiceResponse.error('invalid', 'checkpoint_writes has two writes with the same task and idx');
    }
    const target = [workflow.payload.id, params.checkpoint_ns ?? '', params.thread_ts];
    try {
      await transactionWithRetry(this.dataSource, async (manager) => {
        for (const [writes, onConflict] of [
          [decoded.filter((w) => w.idx >= 0), 'DO NOTHING'],
          [decoded.filter((w) => w.idx < 0), 'DO UPDATE SET task_path = EXCLUDED.task_path, channel = EXCLUDED.channel, write_type = EXCLUDED.write_type, data = EXCLUDED.data'],
        ] as const) {
          if (writes.length === 0) continue;
          await manager.query(
            `INSERT INTO ${WRITES} (workflow_id, checkpoint_ns, thread_ts, task, task_path, idx, channel, write_type, data)
             SELECT $1, $2, $3, w.task, w.task_path, w.idx, w.channel, w.write_type, w.data
             FROM unnest($4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::bytea[]) AS w(task, task_path, idx, channel, write_type, data)
             ON CONFLICT (workflow_id, checkpoint_ns, thread_ts, task, idx) ${onConflict}`,
            [
              ...target,
              writes.map((w) => w.task),
              writes.map((w) => w.task_path ?? ''),
              writes.map((w) => w.idx),
              writes.map((w) => w.channel),
              writes.map((w) => w.write_type),
              writes.map((w) => w.bytes),
            ],
          );
        }
      });
    } catch (error) {
      // The workflow was deleted while its writes were on the way.
      if (isForeignKeyViolation(error)) return ServiceResponse.error('not_found', 'Workflow');
      throw error;
    }
    return ServiceResponse.success({});
  }
}
