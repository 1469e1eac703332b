import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBase64, IsObject, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { ChannelBlobDto } from './channel-blob.dto.js';
import { NAMESPACE_MAX, THREAD_TS_MAX } from './envelope-limits.js';

/**
 * The envelope of a checkpoint. `checkpoint` and `metadata` are validated as objects here and
 * checked further by the service; their contents are never walked by class-transformer (see
 * EnvelopeValidationPipe).
 */
export class CreateCheckpointDto {
  @ApiProperty({ description: "LangGraph's checkpoint_id", minLength: 1, maxLength: THREAD_TS_MAX })
  @IsString()
  @Length(1, THREAD_TS_MAX)
  thread_ts: string;

  @ApiPropertyOptional({ maxLength: THREAD_TS_MAX, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(THREAD_TS_MAX)
  parent_ts?: string | null;

  @ApiPropertyOptional({ maxLength: NAMESPACE_MAX, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(NAMESPACE_MAX)
  checkpoint_ns?: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  metadata: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "LangGraph's checkpoint (v, id, ts, channel_values, channel_versions, versions_seen); exactly one of checkpoint and compressed_checkpoint",
  })
  @IsOptional()
  @IsObject()
  checkpoint?: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'byte', description: 'base64 of the zlib-deflated checkpoint JSON' })
  @IsOptional()
  @IsBase64()
  compressed_checkpoint?: string;

  @ApiPropertyOptional({ type: [ChannelBlobDto] })
  @IsOptional()
  @IsArray()
  // ValidateNested lets an array through in place of an object ([[]] reached the service: a 500).
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ChannelBlobDto)
  channel_blobs?: ChannelBlobDto[];
}
