import { Injectable } from '@nestjs/common';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { WorkflowPolicy } from '../../workflows/workflow.policy.js';
import type { DeltaHistoryDto } from '../dto/checkpoint-writes.dto.js';
import { DeltaHistoryReader, type ChannelHistory } from '../store/delta-history-reader.js';

/** LangGraph's getDeltaChannelHistory for one checkpoint, in one request. */
@Injectable()
export class DeltaHistoryService {
  constructor(
    private readonly workflows: WorkflowPolicy,
    private readonly reader: DeltaHistoryReader,
  ) {}

  async execute(user: User, workflowId: string, params: DeltaHistoryDto): Promise<ServiceResponse<Map<string, ChannelHistory>>> {
    const workflow = await this.workflows.load(user, workflowId, 'read_workflow');
    if (workflow.status === 'error') return workflow;
    const channels = [...new Set(params.channels)];
    return ServiceResponse.success(await this.reader.history(workflow.payload.id, params.checkpoint_ns ?? '', params.thread_ts, channels));
  }
}
