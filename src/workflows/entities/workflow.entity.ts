import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WorkflowStatus } from '../workflow-status.js';

export const WORKFLOW_ENVIRONMENTS = ['ide', 'web', 'chat_partial', 'chat', 'ambient'] as const;
export type WorkflowEnvironment = (typeof WORKFLOW_ENVIRONMENTS)[number];

@Entity({ name: 'duo_workflows_workflows' })
export class Workflow {
  // bigint columns come back from pg as strings; serializers turn ids into JSON numbers.
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'project_id', type: 'bigint' })
  projectId: string;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: string;

  @Column({ name: 'thread_id', type: 'text' })
  threadId: string;

  @Column({ type: 'text', nullable: true })
  goal: string | null;

  @Column({ type: 'text' })
  status: WorkflowStatus;

  @Column({ name: 'agent_privileges', type: 'smallint', array: true })
  agentPrivileges: number[];

  @Column({ name: 'pre_approved_agent_privileges', type: 'smallint', array: true })
  preApprovedAgentPrivileges: number[];

  @Column({ name: 'workflow_definition', type: 'text' })
  workflowDefinition: string;

  @Column({ name: 'allow_agent_to_request_user', type: 'boolean' })
  allowAgentToRequestUser: boolean;

  @Column({ type: 'text', nullable: true })
  environment: WorkflowEnvironment | null;

  @Column({ type: 'text', nullable: true })
  image: string | null;

  /** When retention removed this workflow's checkpoint data (it is archived from then on). */
  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
