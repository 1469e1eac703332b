import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsObject, IsOptional, IsString, Length, MaxLength, Validate, ValidateNested } from 'class-validator';
import { ProjectReference } from '../../common/http/project-reference.js';

/** Workflows one batch may ask for: as many as a batch of checkpoints carries. */
export const MAX_WORKFLOWS_PER_BATCH = 100;

/** One thread's workflow: found by its thread_id, or created with the defaults of POST /workflows. */
export class WorkflowThreadDto {
  @ApiProperty({ minLength: 1, maxLength: 255 })
  @IsString()
  @Length(1, 255)
  thread_id: string;

  @ApiPropertyOptional({ maxLength: 16384, description: 'for a workflow created here' })
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  goal?: string;
}

/** The workflows of several threads of one project, created where they do not exist yet. */
export class CreateWorkflowsBatchDto {
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], description: 'project id or full path' })
  @Validate(ProjectReference)
  project_id: number | string;

  @ApiProperty({ type: [WorkflowThreadDto], minItems: 1, maxItems: MAX_WORKFLOWS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_WORKFLOWS_PER_BATCH)
  @ArrayUnique((item: WorkflowThreadDto) => item?.thread_id, { message: 'workflows must name each thread_id once' })
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => WorkflowThreadDto)
  workflows: WorkflowThreadDto[];
}
