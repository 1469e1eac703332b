import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderError } from './error-body.js';

/** Every error leaves as `{"message": …}`; stack traces stay in the log, keyed by request id. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const result = renderError(exception);
    if (result.unexpected) {
      this.logger.error({ err: withoutQueryParameters(exception), requestId: request.id, route: request.originalUrl }, 'unhandled error');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.set(result.headers).status(result.status).json(result.body);
  }
}

/**
 * A failed query carries its parameters (user data, checkpoint contents): the log gets the error,
 * its message, code and SQL, not the values.
 */
function withoutQueryParameters(error: unknown): unknown {
  if (!(error instanceof Error) || !('parameters' in error)) return error;
  const { parameters: _parameters, driverError, ...rest } = error as Error & { parameters: unknown; driverError?: { code?: string; message?: string } };
  return { ...rest, type: error.constructor.name, message: error.message, stack: error.stack, code: driverError?.code };
}
