import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsOptional, IsString, Length, Matches, MaxLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { CHANNEL_MAX, CHANNEL_VERSION_MAX, CONTENT_ID_HEX, SERDE_TYPE_MAX } from './envelope-limits.js';

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

  @ApiProperty({ format: 'byte', description: 'base64 of the serialized bytes (with base_hash: of a JSON array of the elements appended)' })
  @IsBase64()
  data: string;

  @ApiPropertyOptional({
    pattern: CONTENT_ID_HEX.source,
    description:
      "makes this value the parent checkpoint's value of the channel, whose content id this is, with the elements of `data` appended; " +
      'needs content_hash. 409 when the parent holds another value there, 413 when the list would pass the body limit.',
  })
  @IsOptional()
  @Matches(CONTENT_ID_HEX, { message: 'base_hash must be a content id (32 lowercase hex digits)' })
  base_hash?: string;

  @ApiPropertyOptional({ pattern: CONTENT_ID_HEX.source, description: 'with base_hash: the content id of the whole value' })
  @IsOptional()
  @Matches(CONTENT_ID_HEX, { message: 'content_hash must be a content id (32 lowercase hex digits)' })
  content_hash?: string;
}
