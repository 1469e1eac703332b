import { ServiceResponse, type ServiceError } from '../common/service-response.js';

/**
 * Runs a write whose uniqueness the database enforces and turns a violation of one of the named
 * unique indexes into a `conflict` (409) with that index's message. Checking first and writing
 * second would race; the index cannot. Anything else is rethrown.
 */
export async function writeOrConflict<T>(write: () => Promise<T>, messages: Record<string, string>): Promise<ServiceResponse<T>> {
  try {
    return ServiceResponse.success(await write());
  } catch (error) {
    const conflict = conflictFor(error, messages);
    if (conflict) return conflict;
    throw error;
  }
}

function conflictFor(error: unknown, messages: Record<string, string>): ServiceError | undefined {
  const cause = (error as { driverError?: unknown }).driverError ?? error;
  const { code, constraint } = (cause ?? {}) as { code?: string; constraint?: string };
  if (code !== '23505' || !constraint || !(constraint in messages)) return undefined;
  return ServiceResponse.error('conflict', messages[constraint]);
}
