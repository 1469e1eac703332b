import { HttpException, HttpStatus } from '@nestjs/common';
import { isDatabaseUnavailable } from '../../database/database-errors.js';
import { ApiError } from './api-error.js';
import { errorMessage, STATUS_FOR } from './reason-status.js';

export type RenderedError = {
  status: number;
  body: { message: string };
  headers: Record<string, string>;
  /** Unknown errors are bugs: logged with their stack, answered with a bare 500. */
  unexpected: boolean;
};

export const RETRY_AFTER_SECONDS = '5';

/** Turns anything thrown while serving a request into GitLab's `{"message": …}` shape. */
export function renderError(error: unknown): RenderedError {
  if (error instanceof ApiError) {
    return rendered(STATUS_FOR[error.reason].status, errorMessage(error.reason, error.detail), error.headers);
  }
  if (error instanceof HttpException) return renderHttpException(error);
  if (isDatabaseUnavailable(error)) {
    return rendered(HttpStatus.SERVICE_UNAVAILABLE, errorMessage('unavailable', 'database unavailable'), {
      'Retry-After': RETRY_AFTER_SECONDS,
    });
  }
  return { ...rendered(HttpStatus.INTERNAL_SERVER_ERROR, '500 Internal Server Error'), unexpected: true };
}

function renderHttpException(error: HttpException): RenderedError {
  const status = error.getStatus();
  const response = error.getResponse();
  const detail = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  const text = Array.isArray(detail) ? detail.join(', ') : typeof detail === 'string' ? detail : undefined;
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return rendered(status, errorMessage('invalid', text));
    case HttpStatus.UNAUTHORIZED:
      return rendered(status, errorMessage('unauthorized'));
    case HttpStatus.FORBIDDEN:
      return rendered(status, errorMessage('forbidden', text === 'Forbidden resource' || text === 'Forbidden' ? undefined : text));
    case HttpStatus.NOT_FOUND:
      // Nest's own 404 for an unknown route says "Cannot GET /x"; GitLab says "404 Not Found".
      return rendered(status, '404 Not Found');
    default:
      return rendered(status, `${status} ${text ?? 'Error'}`);
  }
}

function rendered(status: number, message: string, headers: Record<string, string> = {}): RenderedError {
  return { status, body: { message }, headers, unexpected: false };
}
