import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** GitLab's pagination parameters; per_page above 100 is capped to 100, as GitLab does. */
export class OffsetPaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE })
  @IsOptional()
  @Transform(({ value }) => {
    const number = toInt({ value });
    return typeof number === 'number' && number > MAX_PER_PAGE ? MAX_PER_PAGE : number;
  })
  @IsInt()
  @Min(1)
  per_page?: number;
}

/** Lists that also walk by cursor (`pagination=keyset`): workflows and checkpoints. */
export class PaginationQueryDto extends OffsetPaginationQueryDto {
  @ApiPropertyOptional({ enum: ['offset', 'keyset'], default: 'offset' })
  @IsOptional()
  @IsIn(['offset', 'keyset'])
  pagination?: 'offset' | 'keyset';
}

export function pageWindow(query: OffsetPaginationQueryDto): { page: number; perPage: number; offset: number } {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  return { page, perPage, offset: (page - 1) * perPage };
}
