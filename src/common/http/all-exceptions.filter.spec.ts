import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

describe('AllExceptionsFilter', () => {
  it('logs a failed query without its parameters and answers a bare 500', () => {
    const filter = new AllExceptionsFilter();
    const logged: unknown[] = [];
    (filter as unknown as { logger: { error: (entry: unknown) => void } }).logger = { error: (entry) => logged.push(entry) };
    const sent: { status?: number; body?: unknown } = {};
    const response = {
      headersSent: false,
      set: () => response,
      status: (status: number) => ((sent.status = status), response),
      json: (body: unknown) => (sent.body = body),
    };
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ id: 'r1', originalUrl: '/x' }) }) } as unknown as ArgumentsHost;

    const error = new QueryFailedError('INSERT INTO users (email) VALUES ($1)', ['secret@example.com'], Object.assign(new Error('boom'), { code: 'XX000' }));
    filter.catch(error, host);

    expect(sent).toEqual({ status: 500, body: { message: '500 Internal Server Error' } });
    const entry = JSON.stringify(logged[0]);
    expect(entry).toContain('INSERT INTO users');
    expect(entry).toContain('XX000');
    expect(entry).not.toContain('secret@example.com');
  });
});
