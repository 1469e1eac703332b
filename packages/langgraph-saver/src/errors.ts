/**
 * A request that the server refused or that never got an answer. The message is the server's own
 * (`{"message": "..."}`), so a failed write tells the caller why instead of being lost.
 */
export class DuoWorkflowApiError extends Error {
  override readonly name = 'DuoWorkflowApiError';

  constructor(
    message: string,
    /** HTTP status, or undefined when no response came back (network error, timeout). */
    readonly status: number | undefined,
    readonly method: string,
    readonly path: string,
    /** The server's X-Request-Id, to find the request in its logs. */
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A batch route's answers, one per item sent: a 200 with any other count is an error, never
 * answers matched up by guess. `what` names them in the message ("results", "workflows").
 */
export function oneAnswerPerItem<T>(answers: T[] | undefined, count: number, what: string, path: string): T[] {
  if (answers?.length !== count) {
    throw new DuoWorkflowApiError(`expected ${count} ${what}, got ${answers?.length ?? 'none'} (POST ${path})`, 200, 'POST', path);
  }
  return answers;
}
