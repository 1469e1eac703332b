/**
 * True when an error means "the database cannot be reached right now" rather than a bug:
 * refused or dropped connections, pool/connect timeouts, server shutdown, statement timeouts.
 * These become 503 + Retry-After so clients back off and retry.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Connection is not established',
  'Client has encountered a connection error',
  'connect ECONNREFUSED',
  'Driver not Connected',
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, message, driverError, cause } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/**
 * True for a foreign-key violation: the row referenced (a workflow, say) was deleted while this
 * request was writing against it. Answered as not found, like a request that came a moment later.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  return code === '23503' || driverError?.code === '23503';
}

// deadlock_detected and serialization_failure: PostgreSQL rolled the transaction back and says
// that running it again can succeed.
const RETRY_CODES = new Set(['40P01', '40001']);

/** PostgreSQL failed the transaction so that another could go on, and running it again can succeed. */
export function postgresAsksForRetry(error: unknown): boolean {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  return RETRY_CODES.has(String(code ?? driverError?.code));
}
