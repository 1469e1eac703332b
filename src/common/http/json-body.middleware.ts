import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/environment.js';
import { ApiError } from './api-error.js';
import { BodyReadError, discardRest, readJsonBody, type BodyFault } from './json-body-reader.js';
import { LARGE_EXCHANGE_BYTES, markLargeExchange, releaseLargeGarbage } from './large-exchanges.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/**
 * Parses JSON request bodies (gzip/deflate `Content-Encoding` accepted) with the configured limit
 * (see readJsonBody). It runs as Nest middleware, after the request logger, so rejected bodies are
 * logged and rendered by the same exception filter as everything else: 413 names the limit, 415 a
 * non-JSON body or a charset other than UTF-8, 400 malformed JSON or bytes that are not UTF-8.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly limitMb: number;

  constructor(config: AppConfig) {
    this.limitMb = config.BODY_LIMIT_MB;
  }

  use(request: Request, response: Response, next: NextFunction): void {
    if (!BODY_METHODS.has(request.method) || !hasBody(request)) return next();
    const type = request.headers['content-type'];
    if (!type || !JSON_TYPE.test(type)) {
      return next(new ApiError('unsupported_media_type', 'request body must be application/json'));
    }
    const charset = CHARSET.exec(type)?.[1].toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return next(new ApiError('unsupported_media_type', 'request body must be UTF-8 JSON'));
    }
    readJsonBody(request, this.limitMb * 1024 * 1024).then(
      ({ body, bytes }) => {
        request.body = body;
        if (bytes >= LARGE_EXCHANGE_BYTES) {
          markLargeExchange(response);
          // The body's text is garbage once parsed: free it while the request is being handled.
          setImmediate(releaseLargeGarbage);
        }
        next();
      },
      (error: unknown) => discardRest(request, () => next(error instanceof BodyReadError ? this.refusal(error.fault) : error)),
    );
  }

  private refusal(fault: BodyFault): ApiError {
    switch (fault) {
      case 'too_large':
        return new ApiError('payload_too_large', `request body exceeds the limit of ${this.limitMb} MiB`);
      case 'encoding':
        return new ApiError('unsupported_media_type', 'Content-Encoding must be gzip, deflate or identity');
      case 'not_json':
        return new ApiError('invalid', 'request body is not valid JSON');
      case 'not_utf8':
        return new ApiError('invalid', 'request body is not valid UTF-8');
      case 'undecodable':
        return new ApiError('invalid', 'request body could not be decoded');
      case 'incomplete':
        return new ApiError('invalid', 'request body was incomplete');
    }
  }
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
