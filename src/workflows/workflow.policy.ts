import { Injectable } from '@nestjs/common';
import { ServiceResponse } from '../common/service-response.js';
import { ProjectPolicy } from '../projects/project.policy.js';
import type { User } from '../users/entities/user.entity.js';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isRecordId } from '../users/record-id.js';
import { Workflow } from './entities/workflow.entity.js';

export type WorkflowAction = 'read_workflow' | 'update_workflow';

/**
 * Who may do what with a workflow (GitLab's rule): only its owner sees it — anyone else gets
 * not_found, even a maintainer of the project — and the owner needs `duo_workflow` on the project
 * (forbidden otherwise). Administrators may read any workflow and write none but their own.
 */
@Injectable()
export class WorkflowPolicy {
  constructor(
    private readonly projects: ProjectPolicy,
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
  ) {}

  /** Loads a workflow by id and authorizes `action`; ids that cannot exist are simply not found. */
  async load(user: User, id: string, action: WorkflowAction): Promise<ServiceResponse<Workflow>> {
    const workflow = isRecordId(id) ? await this.workflows.findOneBy({ id }) : null;
    if (!workflow) return ServiceResponse.error('not_found', 'Workflow');
    return this.authorize(user, workflow, action);
  }

  async authorize(user: User, workflow: Workflow, action: WorkflowAction): Promise<ServiceResponse<Workflow>> {
    if (String(workflow.userId) !== String(user.id)) {
      if (!user.admin) return ServiceResponse.error('not_found', 'Workflow');
      return action === 'read_workflow' ? ServiceResponse.success(workflow) : ServiceResponse.error('forbidden', '');
    }
    const project = await this.projects.authorize(user, workflow.projectId, 'duo_workflow');
    // The owner sees their workflow even after losing the project: that is forbidden, not missing.
    if (project.status === 'error') return ServiceResponse.error('forbidden', '');
    return ServiceResponse.success(workflow);
  }
}
