/**
 * True when the database refused a write because a row it references is gone: a write that raced
 * the DELETE of its workflow. Such a request is answered as if the workflow had been missing.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  const cause = (error as { driverError?: unknown } | null)?.driverError ?? error;
  return (cause as { code?: unknown } | null)?.code === '23503';
}
