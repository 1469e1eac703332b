import type { ErrorReason } from '../service-response.js';

/**
 * Raised at the transport edge (interceptor, middleware, guard) to end a request with a reason
 * from the table; the exception filter renders it. Domain code returns ServiceResponse instead.
 */
export class ApiError extends Error {
  constructor(
    readonly reason: ErrorReason,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? reason);
  }
}
