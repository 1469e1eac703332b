import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';
import { setPaginationHeaders } from '../pagination/pagination-headers.js';
import { Page } from '../pagination/page.js';
import { ServiceResponse } from '../service-response.js';
import { ApiError } from './api-error.js';
import { AppConfig } from '../../config/environment.js';
import { SERIALIZER_KEY, type SerializationContext, type Serializer } from './serialize.decorator.js';

/**
 * The one place where a service result becomes HTTP: errors go to the filter through the reason
 * table, payloads through the route's serializer. A create that found its record already there
 * (`created: false`) answers 200 instead of the route's 201. A Page payload also gets GitLab's
 * pagination headers.
 */
@Injectable()
export class ServiceResponseInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const serializer = this.reflector.get<Serializer | undefined>(SERIALIZER_KEY, context.getHandler());
    return next.handle().pipe(
      map((result) => {
        if (!ServiceResponse.isResponse(result)) return result;
        if (result.status === 'error') throw new ApiError(result.reason, result.message);
        const http = context.switchToHttp();
        if (result.created === false) http.getResponse<Response>().status(HttpStatus.OK);
        if (result.payload instanceof Page) {
          setPaginationHeaders(http.getRequest<Request>(), http.getResponse<Response>(), result.payload);
          return represent(serializer, result.payload.items, { config: this.config });
        }
        return represent(serializer, result.payload, { config: this.config });
      }),
    );
  }
}

function represent(serializer: Serializer | undefined, payload: unknown, context: SerializationContext): unknown {
  if (!serializer) return payload;
  return Array.isArray(payload)
    ? payload.map((item) => serializer.represent(item, context))
    : serializer.represent(payload, context);
}
