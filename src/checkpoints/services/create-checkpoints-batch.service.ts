import { Injectable } from '@nestjs/common';
import { ServiceResponse } from '../../common/service-response.js';
import type { BatchResults } from '../batch-results.js';
import { isForeignKeyViolation } from '../../database/database-errors.js';
import { AppConfig } from '../../config/environment.js';
import type { User } from '../../users/entities/user.entity.js';
import { WorkflowPolicy } from '../../workflows/workflow.policy.js';
import type { BatchCheckpointDto } from '../dto/checkpoint-batch.dto.js';
import { buildCheckpointInput, checkpointLimits, type CheckpointInput } from '../store/checkpoint-input.js';
import { CheckpointWriter, type CheckpointToSave, type SavedCheckpoint } from '../store/checkpoint-writer.js';
import { saveCheckpoint, savedResponse } from './save-checkpoint.js';


/**
 * Stores several checkpoints, of any workflows of the caller, in one request: what a client with
 * many threads running sends instead of one request per checkpoint. Every item is checked before
 * anything is written, so content that is not valid refuses the whole batch (400, nothing stored);
 * access is per item, so one thread's deleted workflow does not fail the others (each item answers
 * for itself, as POST /workflows/:id/checkpoints would). Items of different threads are written
 * side by side; items of one thread (and namespace) in the order given, since a later one may
 * have an earlier one as its parent.
 */
@Injectable()
export class CreateCheckpointsBatchService {
  constructor(
    private readonly workflows: WorkflowPolicy,
    private readonly writer: CheckpointWriter,
    private readonly config: AppConfig,
  ) {}

  async execute(user: User, items: BatchCheckpointDto[]): Promise<ServiceResponse<BatchResults<SavedCheckpoint>>> {
    const inputs: CheckpointInput[] = [];
    for (const [index, item] of items.entries()) {
      const input = buildCheckpointInput(item, checkpointLimits(this.config));
      if (input.status === 'error') return ServiceResponse.error('invalid', `checkpoints[${index}]: ${input.message}`);
      inputs.push(input.payload);
    }
    const access = await this.workflows.loadMany(
      user,
      items.map((item) => item.workflow_id),
      'update_workflow',
    );
    const outcomes: ServiceResponse<SavedCheckpoint>[] = Array.from({ length: items.length });
    for (const wave of inOrderPerThread(items)) {
      const writable: { index: number; item: CheckpointToSave }[] = [];
      for (const index of wave) {
        const workflow = access.get(items[index].workflow_id)!;
        if (workflow.status === 'error') outcomes[index] = workflow;
        else writable.push({ index, item: { workflow: workflow.payload, input: inputs[index] } });
      }
      const saved = await this.saveTogether(writable.map(({ item }) => item));
      writable.forEach(({ index }, i) => (outcomes[index] = saved[i]));
    }
    return ServiceResponse.success({ results: outcomes });
  }

  /**
   * One write for all: if a workflow was deleted meanwhile, its foreign key fails the statement for
   * every item, so they are written again one by one and only that one answers not found.
   */
  private async saveTogether(items: CheckpointToSave[]): Promise<ServiceResponse<SavedCheckpoint>[]> {
    if (items.length === 0) return [];
    try {
      return (await this.writer.saveMany(items)).map(savedResponse);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      return Promise.all(items.map(({ workflow, input }) => saveCheckpoint(this.writer, workflow, input)));
    }
  }
}

/**
 * The item indexes in waves: the n-th wave holds the n-th item of every (workflow, namespace), so
 * items of one thread run one after the other and different threads run together.
 */
export function inOrderPerThread(items: { workflow_id: string; checkpoint_ns?: string }[]): number[][] {
  const seen = new Map<string, number>();
  const waves: number[][] = [];
  items.forEach((item, index) => {
    const key = JSON.stringify([item.workflow_id, item.checkpoint_ns ?? '']);
    const position = seen.get(key) ?? 0;
    seen.set(key, position + 1);
    (waves[position] ??= []).push(index);
  });
  return waves;
}
