import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const EVENT_TYPES = ['pause', 'resume', 'stop', 'message', 'response', 'require_input'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const EVENT_STATUSES = ['queued', 'delivered'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

@Entity({ name: 'duo_workflows_events' })
export class WorkflowEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'workflow_id', type: 'bigint' })
  workflowId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: EventType;

  @Column({ name: 'event_status', type: 'text' })
  eventStatus: EventStatus;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ name: 'correlation_id', type: 'uuid', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
