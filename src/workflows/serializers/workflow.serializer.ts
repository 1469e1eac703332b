import { ApiProperty } from '@nestjs/swagger';
import type { SerializationContext } from '../../common/http/serialize.decorator.js';
import { PRIVILEGE_IDS, privilegeNames } from '../agent-privileges.js';
import { WORKFLOW_ENVIRONMENTS, type Workflow } from '../entities/workflow.entity.js';
import { WORKFLOW_STATUSES } from '../workflow-status.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whitelist of a workflow's fields on the wire (GitLab's API::Entities::Ai::DuoWorkflows::Workflow). */
export class WorkflowSerializer {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) project_id: number;
  @ApiProperty({ type: 'integer' }) user_id: number;
  @ApiProperty() thread_id: string;
  @ApiProperty({ nullable: true, type: String }) goal: string | null;
  @ApiProperty({ enum: WORKFLOW_STATUSES }) status: string;
  @ApiProperty({ type: 'array', items: { type: 'integer', enum: PRIVILEGE_IDS } }) agent_privileges: number[];
  @ApiProperty({ type: [String] }) agent_privileges_names: string[];
  @ApiProperty({ type: 'array', items: { type: 'integer', enum: PRIVILEGE_IDS } }) pre_approved_agent_privileges: number[];
  @ApiProperty({ type: [String] }) pre_approved_agent_privileges_names: string[];
  @ApiProperty() workflow_definition: string;
  @ApiProperty() allow_agent_to_request_user: boolean;
  @ApiProperty({ enum: WORKFLOW_ENVIRONMENTS, nullable: true }) environment: string | null;
  @ApiProperty({ nullable: true, type: String }) image: string | null;
  @ApiProperty({ description: 'true once the workflow is older than the retention period' }) archived: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at: string;

  static represent(workflow: Workflow, { config }: SerializationContext): WorkflowSerializer {
    const createdAt = new Date(workflow.createdAt);
    return {
      id: Number(workflow.id),
      project_id: Number(workflow.projectId),
      user_id: Number(workflow.userId),
      thread_id: workflow.threadId,
      goal: workflow.goal,
      status: workflow.status,
      agent_privileges: workflow.agentPrivileges,
      agent_privileges_names: privilegeNames(workflow.agentPrivileges),
      pre_approved_agent_privileges: workflow.preApprovedAgentPrivileges,
      pre_approved_agent_privileges_names: privilegeNames(workflow.preApprovedAgentPrivileges),
      workflow_definition: workflow.workflowDefinition,
      allow_agent_to_request_user: workflow.allowAgentToRequestUser,
      environment: workflow.environment,
      image: workflow.image,
      archived: Date.now() - createdAt.getTime() > config.RETENTION_DAYS * DAY_MS,
      created_at: createdAt.toISOString(),
      updated_at: new Date(workflow.updatedAt).toISOString(),
    };
  }
}
