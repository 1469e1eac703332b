import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { Workflow } from '../entities/workflow.entity.js';
import { WorkflowsFinder } from '../workflows.finder.js';
import { transitionFor } from '../workflow-status.js';

export type StatusUpdate = { workflow: Workflow; message: string };

/**
 * Applies a status event. The transition is one conditional UPDATE (status must still be one the
 * event may leave), so concurrent events cannot both move the same workflow.
 */
@Injectable()
export class UpdateWorkflowStatusService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    private readonly finder: WorkflowsFinder,
  ) {}

  async execute(user: User, workflowId: string, event: string): Promise<ServiceResponse<StatusUpdate>> {
    const found = await this.finder.find(user, workflowId, 'update_workflow');
    if (found.status === 'error') return found;
    const workflow = found.payload;
    const transition = transitionFor(workflow.status, event);
    if (transition.kind === 'invalid') return ServiceResponse.error('invalid', transition.message);
    if (transition.kind === 'already') {
      return ServiceResponse.success({ workflow, message: `Workflow already in status ${workflow.status}` });
    }
    const [rows] = await this.dataSource.query(
      `UPDATE duo_workflows_workflows SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3::text[]) RETURNING id`,
      [workflow.id, transition.to, transition.from],
    );
    const current = await this.workflows.findOneBy({ id: workflow.id });
    // Deleted by a concurrent request since it was loaded: there is nothing left to answer with.
    if (!current) return ServiceResponse.error('not_found', 'Workflow');
    if ((rows as unknown[]).length === 0) {
      // Someone else moved it first: judge the event against where it is now.
      const now = transitionFor(current.status, event);
      if (now.kind === 'already') return ServiceResponse.success({ workflow: current, message: `Workflow already in status ${current.status}` });
      return ServiceResponse.error('invalid', `Can not ${event} workflow that has status ${current.status}`);
    }
    return ServiceResponse.success({ workflow: current, message: `Workflow status changed to ${current.status}` });
  }
}
