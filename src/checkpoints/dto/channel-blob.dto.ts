import { ApiProperty } from '@nestjs/swagger';
import { IsBase64, IsString, Length, MaxLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { CHANNEL_MAX, CHANNEL_VERSION_MAX, SERDE_TYPE_MAX } from './envelope-limits.js';

@ValidatorConstraint({ name: 'isVersion' })
class IsVersion implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (typeof value === 'string' && value.length <= CHANNEL_VERSION_MAX) || (typeof value === 'number' && Number.isFinite(value));
  }
  defaultMessage(): string {
    return `$property must be a string (at most ${CHANNEL_VERSION_MAX} characters) or a finite number`;
  }
}

/** A channel value as a LangGraph serializer produced it. */
export class ChannelBlobDto {
  @ApiProperty({ maxLength: CHANNEL_MAX })
  @IsString()
  @Length(1, CHANNEL_MAX)
  channel: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], description: 'the channel version this value belongs to' })
  @Validate(IsVersion)
  version: string | number;

  @ApiProperty({ description: "the serializer's type tag: json, bytes, …", maxLength: SERDE_TYPE_MAX })
  @IsString()
  @MaxLength(SERDE_TYPE_MAX)
  type: string;

  @ApiProperty({ format: 'byte', description: 'base64 of the serialized bytes' })
  @IsBase64()
  data: string;
}
