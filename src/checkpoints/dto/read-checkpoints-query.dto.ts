import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Length, MaxLength, Validate } from 'class-validator';
import { ProjectReference } from '../../common/http/project-reference.js';
import { inspectJson } from '../../common/json-inspect.js';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto.js';
import type { ListPosition } from '../store/checkpoint-reader.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `filter` arrives as JSON text; anything but a plain JSON object stays a string and fails @IsObject. */
const parseFilter = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return value;
    const shape = inspectJson(parsed, 20);
    return shape.hasNul || shape.hasLoneSurrogate || shape.tooDeep ? value : parsed;
  } catch {
    return value;
  }
};

/** `<workflow_id>:<checkpoint_ns>`; a namespace may itself contain ':', a workflow id never does. */
const parsePosition = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const match = /^(\d{1,19}):([\s\S]{0,4096})$/.exec(value);
  return match ? { workflowId: match[1], checkpointNs: match[2] } : value;
};

/** How values come back (see API.md, "Channel values"). */
export class ReadFormatQueryDto {
  @ApiPropertyOptional({ description: 'true: compressed_checkpoint instead of checkpoint' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  accept_compressed?: boolean;

  @ApiPropertyOptional({ enum: ['inline', 'blobs'], default: 'inline' })
  @IsOptional()
  @IsIn(['inline', 'blobs'])
  channel_values?: 'inline' | 'blobs';
}

export class ReadCheckpointQueryDto extends ReadFormatQueryDto {
  @ApiPropertyOptional({ maxLength: 4096, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  checkpoint_ns?: string;
}

export class ByThreadTsQueryDto extends ReadCheckpointQueryDto {
  @ApiProperty({ minLength: 1, maxLength: 255 })
  @IsString()
  @Length(1, 255)
  thread_ts: string;
}

export class ListCheckpointsQueryDto extends IntersectionType(PaginationQueryDto, ReadFormatQueryDto) {
  @ApiPropertyOptional({ description: 'omitted: every namespace; empty: the root graph only', maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  checkpoint_ns?: string;

  @ApiPropertyOptional({ description: 'a thread_ts: only older checkpoints (the keyset cursor)', maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  before?: string;

  @ApiPropertyOptional({
    type: String,
    description:
      'with before, in the Link header of keyset pages: `<workflow_id>:<checkpoint_ns>` of the last row, so that rows sharing its thread_ts continue on the next page',
  })
  @IsOptional()
  @Transform(parsePosition)
  @IsObject({ message: 'before_position must be <workflow_id>:<checkpoint_ns>' })
  before_position?: ListPosition;

  @ApiPropertyOptional({ description: 'JSON object that the metadata must contain, e.g. {"source":"loop"}', type: String })
  @IsOptional()
  @Transform(parseFilter)
  @IsObject({ message: 'filter must be a JSON object (without NUL characters or lone surrogates)' })
  filter?: Record<string, unknown>;
}

export class ListThreadCheckpointsQueryDto extends ListCheckpointsQueryDto {
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], description: 'project id or full path' })
  @Validate(ProjectReference)
  project_id: string;
}
