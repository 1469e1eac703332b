import { ServiceResponse } from '../../common/service-response.js';
import { isForeignKeyViolation } from '../../database/database-errors.js';
import type { CheckpointInput } from '../store/checkpoint-input.js';
import type { CheckpointWriter, SavedCheckpoint, SaveRefusal, SaveResult } from '../store/checkpoint-writer.js';
import type { WorkflowKey } from '../store/tables.js';

/**
 * Writes one checkpoint of an authorized workflow. A workflow deleted while the write ran is not
 * found, as for a request that came a moment later (see the writer: there is no transaction).
 */
export async function saveCheckpoint(writer: CheckpointWriter, workflow: WorkflowKey, input: CheckpointInput): Promise<ServiceResponse<SavedCheckpoint>> {
  try {
    return savedResponse(await writer.save(workflow, input));
  } catch (error) {
    if (isForeignKeyViolation(error)) return ServiceResponse.error('not_found', 'Workflow');
    throw error;
  }
}

/** What the writer did with one checkpoint, as a service answers it. */
export function savedResponse(outcome: SaveResult | SaveRefusal): ServiceResponse<SavedCheckpoint> {
  if ('reason' in outcome) return ServiceResponse.error(outcome.reason, outcome.message);
  return ServiceResponse.success(outcome.checkpoint, { created: outcome.created });
}
