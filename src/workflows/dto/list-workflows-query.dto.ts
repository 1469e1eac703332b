import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, Validate } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto.js';
import { ProjectReference } from '../../common/http/project-reference.js';
import { WORKFLOW_STATUSES, type WorkflowStatus } from '../workflow-status.js';

export class ListWorkflowsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'project id or full path' })
  @IsOptional()
  @Validate(ProjectReference)
  project_id?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  thread_id?: string;

  @ApiPropertyOptional({ enum: WORKFLOW_STATUSES })
  @IsOptional()
  @IsIn(WORKFLOW_STATUSES)
  status?: WorkflowStatus;

  @ApiPropertyOptional({ description: 'administrators only: every user’s workflows' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ description: 'keyset cursor: workflows with a smaller id' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'id_before must be a workflow id' })
  id_before?: string;
}
