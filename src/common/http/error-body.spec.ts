import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { ApiError } from './api-error.js';
import { renderError } from './error-body.js';

describe('renderError', () => {
  it('renders reasons through the one table in GitLab shapes', () => {
    expect(renderError(new ApiError('not_found', 'Workflow'))).toMatchObject({ status: 404, body: { message: '404 Workflow Not Found' } });
    expect(renderError(new ApiError('unauthorized', 'whatever'))).toMatchObject({ status: 401, body: { message: '401 Unauthorized' } });
    expect(renderError(new ApiError('forbidden', 'insufficient_scope'))).toMatchObject({
      status: 403,
      body: { message: '403 Forbidden - insufficient_scope' },
    });
    expect(renderError(new ApiError('conflict', 'thread_id has already been taken')).status).toBe(409);
  });

  it('joins validation messages into one 400 that names the fields', () => {
    const error = new BadRequestException({ message: ['goal must be a string', 'property admin should not exist'] });
    expect(renderError(error).body.message).toBe('400 Bad request - goal must be a string, property admin should not exist');
  });

  it("drops Nest's generic forbidden text", () => {
    expect(renderError(new ForbiddenException()).body.message).toBe('403 Forbidden');
  });

  it('maps database outages to 503 with Retry-After', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(renderError(refused)).toMatchObject({ status: 503, headers: { 'Retry-After': '5' }, unexpected: false });
    const wrapped = Object.assign(new Error('query failed'), { driverError: new Error('Connection terminated unexpectedly') });
    expect(renderError(wrapped).status).toBe(503);
  });

  it('turns anything else into a bare 500 marked for logging', () => {
    const result = renderError(new TypeError('cannot read x of undefined'));
    expect(result).toEqual({ status: 500, body: { message: '500 Internal Server Error' }, headers: {}, unexpected: true });
  });
});
