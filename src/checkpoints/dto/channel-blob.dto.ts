import { ApiProperty } from '@nestjs/swagger';
import { IsBase64, IsString, Length, MaxLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'isVersion' })
class IsVersion implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (typeof value === 'string' && value.length <= 255) || (typeof value === 'number' && Number.isFinite(value));
  }
  defaultMessage(): string {
    return '$property must be a string (at most 255 characters) or a finite number';
  }
}

/** A channel value as a LangGraph serializer produced it. */
export class ChannelBlobDto {
  @ApiProperty({ maxLength: 4096 })
  @IsString()
  @Length(1, 4096)
  channel: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], description: 'the channel version this value belongs to' })
  @Validate(IsVersion)
  version: string | number;

  @ApiProperty({ description: "the serializer's type tag: json, bytes, …", maxLength: 64 })
  @IsString()
  @MaxLength(64)
  type: string;

  @ApiProperty({ format: 'byte', description: 'base64 of the serialized bytes' })
  @IsBase64()
  data: string;
}
