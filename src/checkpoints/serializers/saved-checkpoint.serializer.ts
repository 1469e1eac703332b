import { ApiProperty } from '@nestjs/swagger';
import type { SavedCheckpoint } from '../store/checkpoint-writer.js';

export class SavedCheckpointSerializer {
  @ApiProperty() id: number;
  @ApiProperty() thread_ts: string;
  @ApiProperty({ nullable: true, type: String }) parent_ts: string | null;
  @ApiProperty() checkpoint_ns: string;

  static represent(saved: SavedCheckpoint): SavedCheckpointSerializer {
    return { id: Number(saved.id), thread_ts: saved.thread_ts, parent_ts: saved.parent_ts, checkpoint_ns: saved.checkpoint_ns };
  }
}
