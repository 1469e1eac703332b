import { ApiProperty } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { SCOPES, type Scope } from '../../auth/scopes.js';

export class CreatePersonalAccessTokenDto {
  @ApiProperty({ example: 'ai-gateway', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['ai_workflows'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true, message: `each value in scopes must be one of: ${SCOPES.join(', ')}` })
  scopes: Scope[];

  @ApiProperty({
    example: '2030-01-31',
    description: 'ISO 8601 date (midnight UTC) or date-time; in the future and at most 365 days away',
  })
  @IsISO8601({ strict: true })
  expires_at: string;
}
