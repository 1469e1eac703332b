import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CreateCheckpointDto } from './create-checkpoint.dto.js';
import { NAMESPACE_MAX, THREAD_TS_MAX, WORKFLOW_ID } from './envelope-limits.js';
import { ReadFormatQueryDto } from './read-checkpoints-query.dto.js';

/** A batch holds at most this many items: enough to carry every thread a client runs at once. */
export const MAX_BATCH_ITEMS = 100;
/** Workflow ids are numbers in the API's JSON: take one as a number or as its text. */
const idAsText = ({ value }: { value: unknown }) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value);

/** One checkpoint of a batch: POST /workflows/:id/checkpoints's body with the workflow's id in it. */
export class BatchCheckpointDto extends CreateCheckpointDto {
  @ApiProperty({ description: 'the workflow the checkpoint belongs to', oneOf: [{ type: 'string' }, { type: 'integer' }], example: 42 })
  @Transform(idAsText)
  @IsString()
  @Matches(WORKFLOW_ID, { message: 'workflow_id must be a workflow id' })
  workflow_id: string;
}

/**
 * The envelope of a batch of checkpoints. Each item is validated as its own envelope (its
 * `checkpoint` and `metadata` are not walked; see validateEnvelope), so the list is taken as objects here.
 */
export class CheckpointBatchDto {
  @ApiProperty({ type: [BatchCheckpointDto], minItems: 1, maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @IsObject({ each: true })
  checkpoints: Record<string, unknown>[];
}

/** One checkpoint to read: the latest of a namespace, or the one with a LangGraph id. */
export class CheckpointLookupItemDto {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }], example: 42 })
  @Transform(idAsText)
  @IsString()
  @Matches(WORKFLOW_ID, { message: 'workflow_id must be a workflow id' })
  workflow_id: string;

  @ApiPropertyOptional({ maxLength: NAMESPACE_MAX, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(NAMESPACE_MAX)
  checkpoint_ns?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: THREAD_TS_MAX, description: 'absent: the latest checkpoint of the namespace' })
  @IsOptional()
  @IsString()
  @Length(1, THREAD_TS_MAX)
  thread_ts?: string;
}

export class CheckpointLookupDto extends ReadFormatQueryDto {
  @ApiProperty({ type: [CheckpointLookupItemDto], minItems: 1, maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => CheckpointLookupItemDto)
  lookups: CheckpointLookupItemDto[];
}
