import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { Workflow } from '../entities/workflow.entity.js';
import { WorkflowsFinder } from '../workflows.finder.js';

/** Deletes a workflow; its checkpoints, values, writes and events go with it (ON DELETE CASCADE). */
@Injectable()
export class DeleteWorkflowService {
  constructor(
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    private readonly finder: WorkflowsFinder,
  ) {}

  async execute(user: User, workflowId: string): Promise<ServiceResponse<null>> {
    const found = await this.finder.find(user, workflowId, 'update_workflow');
    if (found.status === 'error') return found;
    await this.workflows.delete({ id: found.payload.id });
    return ServiceResponse.success(null);
  }
}
