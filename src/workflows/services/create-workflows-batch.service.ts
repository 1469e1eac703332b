import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import { columnsOf, hydrate } from '../../database/hydrate.js';
import { Sql } from '../../database/sql.js';
import { ProjectPolicy } from '../../projects/project.policy.js';
import type { User } from '../../users/entities/user.entity.js';
import type { CreateWorkflowsBatchDto } from '../dto/create-workflows-batch.dto.js';
import { Workflow } from '../entities/workflow.entity.js';
import { WORKFLOW_DEFAULTS } from '../workflow-defaults.js';

// A thread neither inserted nor found was created by another request after this statement's
// snapshot, or deleted in between: asked again. Only a run of such races could exhaust this.
const MAX_ATTEMPTS = 5;

/**
 * The workflows of several threads of one project, in the order asked: each one that exists
 * (project, owner, thread_id), the others created as POST /workflows creates them with
 * `if_exists: do_nothing` and the default fields. What a client starting many threads at once
 * sends instead of one create per thread: one authorization and one statement for all of them.
 */
@Injectable()
export class CreateWorkflowsBatchService {
  // Built once from the entity's columns: inserts what is missing, returns those and what existed.
  private readonly ensureSql: string;

  constructor(
    private readonly sql: Sql,
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    private readonly projects: ProjectPolicy,
  ) {
    const columns = columnsOf(workflows, 'w');
    // The existing rows are read in the statement's snapshot, so they never include the ones its
    // own INSERT adds: each thread comes back once.
    this.ensureSql = `WITH wanted AS (SELECT * FROM unnest($3::text[], $4::text[]) AS x(thread_id, goal)),
       inserted AS (
         INSERT INTO duo_workflows_workflows AS w (project_id, user_id, thread_id, goal, agent_privileges,
           pre_approved_agent_privileges, workflow_definition, allow_agent_to_request_user)
         SELECT $1, $2, wanted.thread_id, wanted.goal, $5, $6, $7, $8 FROM wanted
         ON CONFLICT (project_id, user_id, thread_id) DO NOTHING
         RETURNING ${columns})
       SELECT * FROM inserted
       UNION ALL
       SELECT ${columns} FROM duo_workflows_workflows w WHERE w.project_id = $1 AND w.user_id = $2 AND w.thread_id = ANY($3::text[])`;
  }

  async execute(user: User, params: CreateWorkflowsBatchDto): Promise<ServiceResponse<Workflow[]>> {
    const project = await this.projects.authorize(user, params.project_id, 'duo_workflow');
    if (project.status === 'error') return project;

    const found = new Map<string, Workflow>();
    for (let attempt = 1; found.size < params.workflows.length; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`workflows of ${params.workflows.length - found.size} threads neither created nor found`);
      const missing = params.workflows.filter((thread) => !found.has(thread.thread_id));
      const rows = await this.sql.query<Record<string, unknown>>(this.ensureSql, [
        project.payload.id,
        user.id,
        missing.map((thread) => thread.thread_id),
        missing.map((thread) => thread.goal ?? null),
        WORKFLOW_DEFAULTS.agentPrivileges,
        WORKFLOW_DEFAULTS.preApprovedAgentPrivileges,
        WORKFLOW_DEFAULTS.workflowDefinition,
        WORKFLOW_DEFAULTS.allowAgentToRequestUser,
      ]);
      for (const row of rows) {
        const workflow = hydrate(this.workflows, row);
        found.set(workflow.threadId, workflow);
      }
    }
    return ServiceResponse.success(params.workflows.map((thread) => found.get(thread.thread_id)!));
  }
}
