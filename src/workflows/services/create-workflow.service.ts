import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import { columnsOf, hydrate } from '../../database/hydrate.js';
import { Sql } from '../../database/sql.js';
import { ProjectPolicy } from '../../projects/project.policy.js';
import type { User } from '../../users/entities/user.entity.js';
import type { CreateWorkflowDto } from '../dto/create-workflow.dto.js';
import { Workflow } from '../entities/workflow.entity.js';
import { WORKFLOW_DEFAULTS } from '../workflow-defaults.js';

/**
 * Creates a workflow in a project where the user holds `duo_workflow`. `thread_id` is unique per
 * project and owner (a unique index, so concurrent creates cannot both win): `if_exists: raise`
 * answers conflict, `do_nothing` returns the workflow already there (`created: false`).
 *
 * Plain prepared SQL, the insert returning the row: a graph's first put of each thread creates its
 * workflow, and a runner starting a dozen threads at once waits for a dozen of these.
 */
@Injectable()
export class CreateWorkflowService {
  // Built once from the entity's columns.
  private readonly insertSql: string;
  private readonly existingSql: string;

  constructor(
    private readonly sql: Sql,
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    private readonly projects: ProjectPolicy,
  ) {
    const columns = columnsOf(workflows, 'w');
    // The id comes from the sequence first so that the default thread_id can be that id.
    this.insertSql = `WITH next AS (SELECT nextval(pg_get_serial_sequence('duo_workflows_workflows', 'id')) AS id)
       INSERT INTO duo_workflows_workflows AS w (id, project_id, user_id, thread_id, goal, agent_privileges,
         pre_approved_agent_privileges, workflow_definition, allow_agent_to_request_user, environment, image)
       SELECT next.id, $1, $2, COALESCE($3, next.id::text), $4, $5, $6, $7, $8, $9, $10 FROM next
       ON CONFLICT (project_id, user_id, thread_id) DO NOTHING
       RETURNING ${columns}`;
    this.existingSql = `SELECT ${columns} FROM duo_workflows_workflows w WHERE w.project_id = $1 AND w.user_id = $2 AND w.thread_id = $3`;
  }

  async execute(user: User, params: CreateWorkflowDto): Promise<ServiceResponse<Workflow>> {
    const project = await this.projects.authorize(user, params.project_id, 'duo_workflow');
    if (project.status === 'error') return project;

    const privileges = params.agent_privileges ?? WORKFLOW_DEFAULTS.agentPrivileges;
    const preApproved = params.pre_approved_agent_privileges ?? WORKFLOW_DEFAULTS.preApprovedAgentPrivileges;
    const outside = preApproved.filter((id) => !privileges.includes(id));
    if (outside.length > 0) {
      return ServiceResponse.error(
        'invalid',
        `pre_approved_agent_privileges must be a subset of agent_privileges (not allowed: ${outside.join(', ')})`,
      );
    }

    let inserted = await this.insert(project.payload.id, user, params, privileges, preApproved);
    // A default thread_id (the new id) can collide with an explicit thread_id that happens to equal
    // it; each retry takes a higher id, and the owner has only so many such thread_ids.
    while (inserted.length === 0 && params.thread_id === undefined) {
      inserted = await this.insert(project.payload.id, user, params, privileges, preApproved);
    }
    if (inserted.length > 0) return ServiceResponse.success(hydrate(this.workflows, inserted[0]));
    if (params.if_exists !== 'do_nothing') {
      return ServiceResponse.error('conflict', `thread_id ${JSON.stringify(params.thread_id)} is already used by another workflow`);
    }
    const [existing] = await this.sql.query<Record<string, unknown>>(this.existingSql, [project.payload.id, user.id, params.thread_id]);
    // The conflicting row was there a moment ago; a delete in between makes this a plain create.
    if (!existing) return this.execute(user, params);
    return ServiceResponse.success(hydrate(this.workflows, existing), { created: false });
  }

  /** Inserts unless (project, owner, thread_id) exists; answers the new row, or nothing on that conflict. */
  private insert(projectId: string, user: User, params: CreateWorkflowDto, privileges: number[], preApproved: number[]): Promise<Record<string, unknown>[]> {
    // Once: a retried insert would take a second id for a default thread_id.
    return this.sql.queryOnce(this.insertSql, [
      projectId,
      user.id,
      params.thread_id ?? null,
      params.goal ?? null,
      privileges,
      preApproved,
      params.workflow_definition ?? WORKFLOW_DEFAULTS.workflowDefinition,
      params.allow_agent_to_request_user ?? WORKFLOW_DEFAULTS.allowAgentToRequestUser,
      params.environment ?? null,
      params.image ?? null,
    ]);
  }
}
