import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { EVENT_STATUSES, EVENT_TYPES, type EventStatus, type EventType } from '../entities/workflow-event.entity.js';

export class CreateWorkflowEventDto {
  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES)
  event_type: EventType;

  @ApiProperty({ maxLength: 16384 })
  @IsString()
  @MaxLength(16384)
  message: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'unique across events when given' })
  @IsOptional()
  @IsUUID()
  correlation_id?: string;
}

export class UpdateWorkflowEventDto {
  @ApiProperty({ enum: EVENT_STATUSES })
  @IsIn(EVENT_STATUSES)
  event_status: EventStatus;
}
