import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/environment.js';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { WorkflowPolicy } from '../../workflows/workflow.policy.js';
import type { CreateCheckpointDto } from '../dto/create-checkpoint.dto.js';
import { buildCheckpointInput, checkpointLimits } from '../store/checkpoint-input.js';
import { CheckpointWriter, type SavedCheckpoint } from '../store/checkpoint-writer.js';
import { saveCheckpoint } from './save-checkpoint.js';

/**
 * Stores a checkpoint. Re-sending the same (namespace, thread_ts) is an upsert as in LangGraph's
 * savers: an identical re-send stores nothing and answers 200 with the stored row.
 */
@Injectable()
export class CreateCheckpointService {
  constructor(
    private readonly workflows: WorkflowPolicy,
    private readonly writer: CheckpointWriter,
    private readonly config: AppConfig,
  ) {}

  async execute(user: User, workflowId: string, params: CreateCheckpointDto): Promise<ServiceResponse<SavedCheckpoint>> {
    const workflow = await this.workflows.load(user, workflowId, 'update_workflow');
    if (workflow.status === 'error') return workflow;
    const input = buildCheckpointInput(params, checkpointLimits(this.config));
    if (input.status === 'error') return input;
    return saveCheckpoint(this.writer, workflow.payload, input.payload);
  }
}
