import { ServiceResponse } from '../../common/service-response.js';
import { isForeignKeyViolation } from '../../database/database-errors.js';
import type { CheckpointInput } from '../store/checkpoint-input.js';
import type { CheckpointWriter, SavedCheckpoint } from '../store/checkpoint-writer.js';
import type { WorkflowKey } from '../store/tables.js';

/**
 * Writes one checkpoint of an authorized workflow. A workflow deleted while the write ran is not
 * found, as for a request that came a moment later (see the writer: there is no transaction).
 */
export async function saveCheckpoint(writer: CheckpointWriter, workflow: WorkflowKey, input: CheckpointInput): Promise<ServiceResponse<SavedCheckpoint>> {
  try {
    const { checkpoint, created } = await writer.save(workflow, input);
    return ServiceResponse.success(checkpoint, { created });
  } catch (error) {
    if (isForeignKeyViolation(error)) return ServiceResponse.error('not_found', 'Workflow');
    throw error;
  }
}
