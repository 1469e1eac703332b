import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page } from '../common/pagination/page.js';
import { paginate, queryPageSource } from '../common/pagination/paginate.js';
import { ServiceResponse } from '../common/service-response.js';
import { ProjectPolicy } from '../projects/project.policy.js';
import type { User } from '../users/entities/user.entity.js';
import type { ListWorkflowsQueryDto } from './dto/list-workflows-query.dto.js';
import { Workflow } from './entities/workflow.entity.js';
import { WorkflowPolicy, type WorkflowAction } from './workflow.policy.js';

@Injectable()
export class WorkflowsFinder {
  constructor(
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    private readonly policy: WorkflowPolicy,
    private readonly projects: ProjectPolicy,
  ) {}

  /** A workflow by id, if `user` may perform `action` on it. */
  find(user: User, id: string, action: WorkflowAction): Promise<ServiceResponse<Workflow>> {
    return this.policy.load(user, id, action);
  }

  /** The caller's workflows (everyone's for an admin with all=true), newest first. */
  async list(user: User, query: ListWorkflowsQueryDto): Promise<ServiceResponse<Page<Workflow>>> {
    const builder = this.workflows.createQueryBuilder('w');
    if (!(query.all && user.admin)) builder.andWhere('w.user_id = :userId', { userId: user.id });
    if (query.project_id !== undefined) {
      const project = await this.projects.authorize(user, query.project_id, 'read_project');
      if (project.status === 'error') return project;
      builder.andWhere('w.project_id = :projectId', { projectId: project.payload.id });
    }
    if (query.thread_id !== undefined) builder.andWhere('w.thread_id = :threadId', { threadId: query.thread_id });
    if (query.status !== undefined) builder.andWhere('w.status = :status', { status: query.status });
    builder.orderBy('w.id', 'DESC');
    if (query.pagination === 'keyset' && query.id_before !== undefined) {
      builder.andWhere('w.id < :idBefore', { idBefore: query.id_before });
    }
    const page = await paginate(query, queryPageSource(builder, (last) => ({ id_before: last.id })));
    return ServiceResponse.success(page);
  }
}
