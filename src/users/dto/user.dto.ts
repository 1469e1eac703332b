import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { USER_STATES, type UserState } from '../entities/user.entity.js';
import { PATH_SEGMENT, PATH_SEGMENT_RULE } from '../path-format.js';
import { OptionalNotNull } from '../optional-not-null.decorator.js';

export class CreateUserDto {
  @ApiProperty({ example: 'alice', maxLength: 255 })
  @IsString()
  @MaxLength(255)
  @Matches(PATH_SEGMENT, { message: `username ${PATH_SEGMENT_RULE}` })
  username: string;

  @ApiProperty({ example: 'Alice Liddell', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ example: 'alice@example.com', maxLength: 255 })
  @IsEmail()
  @MaxLength(255)
  email: string;

  @ApiPropertyOptional({ default: false, description: 'Only administrators may set it' })
  @OptionalNotNull()
  @IsBoolean()
  admin?: boolean;

  @ApiPropertyOptional({ enum: USER_STATES, default: 'active', description: 'Only administrators may set it; blocked users cannot authenticate' })
  @OptionalNotNull()
  @IsIn(USER_STATES)
  state?: UserState;
}

/**
 * Every field optional; `admin` and `state` are refused (403) unless the caller is an administrator.
 * null is not "absent" (skipNullProperties: false): `{"name": null}` is a 400, not a NOT NULL 500.
 */
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {}

/** The fields only administrators may write. */
export const PRIVILEGED_USER_FIELDS = ['admin', 'state'] as const;
