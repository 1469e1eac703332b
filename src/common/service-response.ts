/**
 * What every service and finder returns: a payload, or a reason the caller can map to a status.
 * Services never throw for expected outcomes and never know about HTTP (see common/http/).
 */
export type ErrorReason =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

export type ServiceSuccess<T> = {
  status: 'success';
  payload: T;
  message?: string;
  /** False when a create found the record already there (an idempotent re-send). */
  created?: boolean;
};
export type ServiceError = { status: 'error'; reason: ErrorReason; message: string };
export type ServiceResponse<T> = ServiceSuccess<T> | ServiceError;

export const ServiceResponse = {
  success<T>(payload: T, extra: { message?: string; created?: boolean } = {}): ServiceSuccess<T> {
    return { status: 'success', payload, ...extra };
  },
  error(reason: ErrorReason, message: string): ServiceError {
    return { status: 'error', reason, message };
  },
  isResponse(value: unknown): value is ServiceResponse<unknown> {
    return (
      typeof value === 'object' &&
      value !== null &&
      ((value as ServiceResponse<unknown>).status === 'success' ||
        (value as ServiceResponse<unknown>).status === 'error') &&
      ('payload' in value || 'reason' in value)
    );
  },
};
