/**
 * A bigint id as it may arrive in a path or a claim. Anything else (letters, 20 digits) is a
 * record that cannot exist, answered as not found instead of a database error.
 */
const RECORD_ID = /^[1-9]\d{0,17}$/;

export function isRecordId(value: unknown): boolean {
  return typeof value === 'string' && RECORD_ID.test(value);
}
