import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** Every error body: GitLab's `{"message": "..."}`. */
export class ErrorBody {
  @ApiProperty({ example: '404 Project Not Found' })
  message: string;
}

const DESCRIPTIONS = {
  400: 'Invalid body or parameters; the message names the fields ("400 Bad request - …")',
  401: 'No token, or one that is invalid, expired, revoked or of an unknown or blocked user ("401 Unauthorized")',
  403: 'The token\'s scopes do not reach this route ("403 Forbidden - insufficient_scope"), or the caller lacks the permission',
  404: 'Not found, or not visible to the caller ("404 <Thing> Not Found")',
  409: 'Conflicts with an existing record',
  413: 'Larger than the body limit (BODY_LIMIT_MB), after inflating; or a list that an extension would grow past it',
} as const;

export type DocumentedError = keyof typeof DESCRIPTIONS;

/** Documents error responses with their GitLab message shape. */
export const ApiErrors = (...statuses: DocumentedError[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorBody })));

/** On an authenticated controller: 401 and 403 (scope) can happen on every route. */
export const ApiAuthenticated = () => ApiErrors(401, 403);
