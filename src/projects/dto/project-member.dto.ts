import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ACCESS_LEVELS, type AccessLevel } from '../access-level.js';

const ACCESS_LEVEL_DOC = {
  enum: ACCESS_LEVELS,
  example: 30,
  description: '10 guest, 20 reporter, 30 developer, 40 maintainer, 50 owner (only owners and administrators grant 50)',
};
const ACCESS_LEVEL_MESSAGE = `access_level must be one of: ${ACCESS_LEVELS.join(', ')}`;

export class UpdateProjectMemberDto {
  @ApiProperty(ACCESS_LEVEL_DOC)
  @IsIn(ACCESS_LEVELS, { message: ACCESS_LEVEL_MESSAGE })
  access_level: AccessLevel;
}

export class AddProjectMemberDto extends UpdateProjectMemberDto {
  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  user_id: number;
}
