import { HttpStatus } from '@nestjs/common';
import type { ErrorReason } from '../service-response.js';

/** The only table from error reason to HTTP status and GitLab's title for it; a Record, so it stays whole. */
export const STATUS_FOR: Record<ErrorReason, { status: HttpStatus; title: string }> = {
  invalid: { status: HttpStatus.BAD_REQUEST, title: 'Bad request' },
  unauthorized: { status: HttpStatus.UNAUTHORIZED, title: 'Unauthorized' },
  forbidden: { status: HttpStatus.FORBIDDEN, title: 'Forbidden' },
  not_found: { status: HttpStatus.NOT_FOUND, title: 'Not Found' },
  conflict: { status: HttpStatus.CONFLICT, title: 'Conflict' },
  payload_too_large: { status: HttpStatus.PAYLOAD_TOO_LARGE, title: 'Payload Too Large' },
  unsupported_media_type: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, title: 'Unsupported Media Type' },
  rate_limited: { status: HttpStatus.TOO_MANY_REQUESTS, title: 'Too Many Requests' },
  unavailable: { status: HttpStatus.SERVICE_UNAVAILABLE, title: 'Service Unavailable' },
};

/**
 * GitLab's message shapes: `404 Workflow Not Found` (the message names the thing),
 * `401 Unauthorized`, and `<status> <title> - <detail>` for the rest.
 */
export function errorMessage(reason: ErrorReason, detail?: string): string {
  const { status, title } = STATUS_FOR[reason];
  if (reason === 'not_found') return detail ? `${status} ${detail} Not Found` : `${status} Not Found`;
  if (reason === 'unauthorized') return `${status} ${title}`;
  return detail ? `${status} ${title} - ${detail}` : `${status} ${title}`;
}
