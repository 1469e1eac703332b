import { ApiProperty } from '@nestjs/swagger';
import { EVENT_STATUSES, EVENT_TYPES, type WorkflowEvent } from '../entities/workflow-event.entity.js';

export class WorkflowEventSerializer {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ enum: EVENT_TYPES }) event_type: string;
  @ApiProperty({ enum: EVENT_STATUSES }) event_status: string;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) correlation_id: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;

  static represent(event: WorkflowEvent): WorkflowEventSerializer {
    return {
      id: Number(event.id),
      event_type: event.eventType,
      event_status: event.eventStatus,
      message: event.message,
      correlation_id: event.correlationId,
      created_at: new Date(event.createdAt).toISOString(),
    };
  }
}
