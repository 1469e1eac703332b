import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Validate } from 'class-validator';
import { ProjectReference } from '../../common/http/project-reference.js';
import { PRIVILEGE_IDS } from '../agent-privileges.js';
import { WORKFLOW_ENVIRONMENTS, type WorkflowEnvironment } from '../entities/workflow.entity.js';
import { WORKFLOW_DEFAULTS } from '../workflow-defaults.js';

export class CreateWorkflowDto {
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], description: 'project id or full path' })
  @Validate(ProjectReference)
  project_id: number | string;

  @ApiPropertyOptional({ maxLength: 16384 })
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  goal?: string;

  @ApiPropertyOptional({ type: [Number], description: 'agent privilege ids; default 1–6' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsInt({ each: true })
  @IsIn(PRIVILEGE_IDS, { each: true, message: `each value in agent_privileges must be one of ${PRIVILEGE_IDS.join(', ')}` })
  agent_privileges?: number[];

  @ApiPropertyOptional({ type: [Number], description: 'a subset of agent_privileges; default [1, 2]' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsInt({ each: true })
  @IsIn(PRIVILEGE_IDS, { each: true, message: `each value in pre_approved_agent_privileges must be one of ${PRIVILEGE_IDS.join(', ')}` })
  pre_approved_agent_privileges?: number[];

  @ApiPropertyOptional({ maxLength: 255, default: WORKFLOW_DEFAULTS.workflowDefinition })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  workflow_definition?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  allow_agent_to_request_user?: boolean;

  @ApiPropertyOptional({ enum: WORKFLOW_ENVIRONMENTS })
  @IsOptional()
  @IsIn(WORKFLOW_ENVIRONMENTS)
  environment?: WorkflowEnvironment;

  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  image?: string;

  @ApiPropertyOptional({ maxLength: 255, description: 'unique per project and owner; defaults to the workflow id' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  thread_id?: string;

  @ApiPropertyOptional({ enum: ['raise', 'do_nothing'], default: 'raise' })
  @IsOptional()
  @IsIn(['raise', 'do_nothing'])
  if_exists?: 'raise' | 'do_nothing';
}
