import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { NAMESPACE_PATH, PATH_SEGMENT, PATH_SEGMENT_RULE } from '../../users/path-format.js';
import { OptionalNotNull } from '../../users/optional-not-null.decorator.js';

export class CreateProjectDto {
  @ApiProperty({ example: 'Checkpoints', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ example: 'checkpoints', maxLength: 255 })
  @IsString()
  @MaxLength(255)
  @Matches(PATH_SEGMENT, { message: `path ${PATH_SEGMENT_RULE}` })
  path: string;

  @ApiProperty({ example: 'gitlab-org/ai', maxLength: 255, description: 'One or more path segments separated by "/"' })
  @IsString()
  @MaxLength(255)
  @Matches(NAMESPACE_PATH, { message: `namespace_path must be segments separated by "/"; each ${PATH_SEGMENT_RULE}` })
  namespace_path: string;

  @ApiPropertyOptional({ default: true, description: 'Off: nobody holds duo_workflow on the project' })
  @OptionalNotNull()
  @IsBoolean()
  duo_features_enabled?: boolean;
}

/** null is not "absent" (skipNullProperties: false): `{"name": null}` is a 400, not a NOT NULL 500. */
export class UpdateProjectDto extends PartialType(CreateProjectDto, { skipNullProperties: false }) {}

/** Wire names to entity names. */
export function projectAttributes(params: UpdateProjectDto): Partial<{ name: string; path: string; namespacePath: string; duoFeaturesEnabled: boolean }> {
  const attributes = { name: params.name, path: params.path, namespacePath: params.namespace_path, duoFeaturesEnabled: params.duo_features_enabled };
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}
