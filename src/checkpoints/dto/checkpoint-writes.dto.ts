import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBase64, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CHANNEL_MAX, NAMESPACE_MAX, SERDE_TYPE_MAX, THREAD_TS_MAX } from './envelope-limits.js';

export class CheckpointWriteDto {
  @ApiProperty({ maxLength: 255 })
  @IsString()
  @Length(1, 255)
  task: string;

  @ApiPropertyOptional({ maxLength: 4096, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  task_path?: string;

  @ApiProperty({ description: 'position within the task; negative for special writes (error -1, scheduled -2, interrupt -3, resume -4)' })
  @IsInt()
  @Min(-1000)
  @Max(1_000_000)
  idx: number;

  @ApiProperty({ maxLength: CHANNEL_MAX })
  @IsString()
  @Length(1, CHANNEL_MAX)
  channel: string;

  @ApiProperty({ description: "the serializer's type tag", maxLength: SERDE_TYPE_MAX })
  @IsString()
  @Length(1, SERDE_TYPE_MAX)
  write_type: string;

  @ApiProperty({ format: 'byte', description: 'base64 of the serialized bytes' })
  @IsBase64()
  data: string;
}

/** Names one checkpoint of a workflow (which may not be stored yet). */
export class CheckpointTargetDto {
  @ApiProperty({ minLength: 1, maxLength: THREAD_TS_MAX })
  @IsString()
  @Length(1, THREAD_TS_MAX)
  thread_ts: string;

  @ApiPropertyOptional({ maxLength: NAMESPACE_MAX, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(NAMESPACE_MAX)
  checkpoint_ns?: string;
}

export class CheckpointWritesBatchDto extends CheckpointTargetDto {
  @ApiProperty({ type: [CheckpointWriteDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(10_000)
  // ValidateNested lets an array through in place of an object ([[]] reached the service: a 500).
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CheckpointWriteDto)
  checkpoint_writes: CheckpointWriteDto[];
}

export class DeltaHistoryDto extends CheckpointTargetDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(CHANNEL_MAX, { each: true })
  channels: string[];
}
