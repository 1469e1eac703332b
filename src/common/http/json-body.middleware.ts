import { isUtf8 } from 'node:buffer';
import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppConfig } from '../../config/environment.js';
import { ApiError } from './api-error.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * Parses JSON request bodies (gzip/deflate `Content-Encoding` accepted) with the configured limit.
 * It runs as Nest middleware, after the request logger, so rejected bodies are logged and rendered
 * by the same exception filter as everything else: 413 names the limit, 415 a non-JSON body,
 * 400 malformed JSON.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: express.RequestHandler;
  private readonly limitMb: number;

  constructor(config: AppConfig) {
    this.limitMb = config.BODY_LIMIT_MB;
    this.parse = express.json({ limit: `${config.BODY_LIMIT_MB}mb`, type: () => true, strict: true, verify: refuseInvalidUtf8 });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    if (!BODY_METHODS.has(request.method) || !hasBody(request)) return next();
    const type = request.headers['content-type'];
    if (!type || !JSON_TYPE.test(type)) {
      return next(new ApiError('unsupported_media_type', 'request body must be application/json'));
    }
    this.parse(request, response, (error?: unknown) => next(error ? this.translate(error) : undefined));
  }

  private translate(error: unknown): unknown {
    switch ((error as { type?: string }).type) {
      case 'entity.too.large':
        return new ApiError('payload_too_large', `request body exceeds the limit of ${this.limitMb} MiB`);
      case 'entity.parse.failed':
        return new ApiError('invalid', 'request body is not valid JSON');
      case 'encoding.unsupported':
        return new ApiError('unsupported_media_type', 'Content-Encoding must be gzip, deflate or identity');
      case 'entity.verify.failed':
        return new ApiError('invalid', 'request body is not valid UTF-8');
      case 'charset.unsupported':
        return new ApiError('unsupported_media_type', 'request body must be UTF-8 JSON');
      case 'request.aborted':
      case 'request.size.invalid':
        return new ApiError('invalid', 'request body was incomplete');
      default:
        // zlib errors from a corrupt gzip body
        if ((error as { status?: number }).status === 400) return new ApiError('invalid', 'request body could not be decoded');
        return error;
    }
  }
}

/**
 * The decoder would turn invalid bytes into U+FFFD and the request would store a value the client
 * never sent; refuse it instead (body-parser reports this as entity.verify.failed).
 */
function refuseInvalidUtf8(_request: unknown, _response: unknown, buffer: Buffer, encoding: string): void {
  if (encoding.toLowerCase() === 'utf-8' && !isUtf8(buffer)) throw new Error('request body is not valid UTF-8');
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
