import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { errorMessage, STATUS_FOR } from '../../common/http/reason-status.js';
import type { ServiceError, ServiceResponse } from '../../common/service-response.js';
import type { BatchResults } from '../batch-results.js';
import type { SavedCheckpoint } from '../store/checkpoint-writer.js';
import { CheckpointSerializer, type CheckpointView } from './checkpoint.serializer.js';
import { SavedCheckpointSerializer } from './saved-checkpoint.serializer.js';

/** An item that failed answers as its own request would have: its status and GitLab's message. */
function failure(error: ServiceError): { status: number; message: string } {
  return { status: STATUS_FOR[error.reason].status, message: errorMessage(error.reason, error.message) };
}

export class SavedCheckpointResultSerializer {
  @ApiProperty({ description: '201 stored, 200 re-sent (stored before), or the error status of this item (403, 404)' }) status: number;
  @ApiPropertyOptional() id?: number;
  @ApiPropertyOptional() thread_ts?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) parent_ts?: string | null;
  @ApiPropertyOptional() checkpoint_ns?: string;
  @ApiPropertyOptional({ description: 'why the item was not stored' }) message?: string;

  static represent(outcome: ServiceResponse<SavedCheckpoint>): SavedCheckpointResultSerializer {
    if (outcome.status === 'error') return failure(outcome);
    return { status: outcome.created === false ? 200 : 201, ...SavedCheckpointSerializer.represent(outcome.payload) };
  }
}

/** One result per checkpoint sent, in the same order. */
export class CheckpointBatchSerializer {
  @ApiProperty({ type: [SavedCheckpointResultSerializer] }) results: SavedCheckpointResultSerializer[];

  static represent({ results }: BatchResults<SavedCheckpoint>): CheckpointBatchSerializer {
    return { results: results.map((outcome) => SavedCheckpointResultSerializer.represent(outcome)) };
  }
}

export class CheckpointLookupResultSerializer {
  @ApiProperty({ description: '200 found, or the error status of this item (404)' }) status: number;
  @ApiPropertyOptional({ type: CheckpointSerializer }) checkpoint?: CheckpointSerializer;
  @ApiPropertyOptional({ description: 'why there is no checkpoint' }) message?: string;

  static represent(outcome: ServiceResponse<CheckpointView>): CheckpointLookupResultSerializer {
    return outcome.status === 'error' ? failure(outcome) : { status: 200, checkpoint: CheckpointSerializer.represent(outcome.payload) };
  }
}

/** One result per lookup, in the same order. */
export class CheckpointLookupSerializer {
  @ApiProperty({ type: [CheckpointLookupResultSerializer] }) results: CheckpointLookupResultSerializer[];

  static represent({ results }: BatchResults<CheckpointView>): CheckpointLookupSerializer {
    return { results: results.map((outcome) => CheckpointLookupResultSerializer.represent(outcome)) };
  }
}
