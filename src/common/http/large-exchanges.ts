import { Injectable, NestMiddleware } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';
import { PartedJsonString, writeJson } from './large-json.js';

/** A request or response body this large is a large checkpoint, not the usual step of a few KiB. */
export const LARGE_EXCHANGE_BYTES = 8 * 1024 * 1024;

/**
 * A full garbage collection, when the process runs with --expose-gc (package.json
 * "config.nodeFlags", the Dockerfile's NODE_OPTIONS); a no-op otherwise.
 *
 * Why: V8 allocates strings and buffers of many MiB in the old generation, which only a full
 * collection frees, and that may come many requests later. A 20 MiB checkpoint leaves ~50 MiB of
 * such copies (its body's bytes and text) behind, and the next large request would add its own
 * on top: the resident set would grow past the service's memory target (docs/performance.md).
 * Collecting at the few moments a large body has just been let go costs tens of milliseconds per
 * large request and keeps that memory from adding up.
 */
export function releaseLargeGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Marks a request whose body was large, for LargeExchangeMiddleware. */
export function markLargeExchange(response: Response): void {
  response.locals.largeExchange = true;
}

/**
 * Every JSON response of the app goes through writeJson (large-json.ts), set once on the app's
 * response prototype. Not per response: giving each response its own `json` function (as this middleware
 * once did, and as the compression middleware does with `write` and `end`) kept every response's
 * data alive through the young generation's collections until a full one (decision 0014).
 */
export function writeJsonResponses(app: Express): void {
  app.response.json = function json(this: Response, body: unknown): Response {
    // Without the middleware's mark, assume parted strings may be in the body (slower, still right).
    const partedBefore = typeof this.locals?.partedBefore === 'number' ? this.locals.partedBefore : Number.NaN;
    return writeJson(this, body, partedBefore);
  };
}

/**
 * Large exchanges (a checkpoint of many MiB) without extra copies:
 * - JSON responses go through writeJson (writeJsonResponses), which writes a large value part by
 *   part where Express would join it, copy it into the response's text and that text into a
 *   buffer; the middleware marks how many parted strings existed when the request began;
 * - once a large request or response is sent, its copies are collected (see releaseLargeGarbage).
 */
@Injectable()
export class LargeExchangeMiddleware implements NestMiddleware {
  use(_request: Request, response: Response, next: NextFunction): void {
    response.locals.partedBefore = PartedJsonString.made;
    response.once('finish', () => {
      if (response.locals.largeExchange === true || Number(response.getHeader('content-length') ?? 0) >= LARGE_EXCHANGE_BYTES) {
        setImmediate(releaseLargeGarbage);
      }
    });
    next();
  }
}
