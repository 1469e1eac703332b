import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { STATUS_EVENTS } from '../workflow-status.js';

export class UpdateWorkflowDto {
  @ApiProperty({ enum: Object.keys(STATUS_EVENTS) })
  @IsString()
  @MaxLength(64)
  status_event: string;
}
