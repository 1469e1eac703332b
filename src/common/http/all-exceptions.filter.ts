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
      this.logger.error({ err: exception, requestId: request.id, route: request.originalUrl }, 'unhandled error');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.set(result.headers).status(result.status).json(result.body);
  }
}
