import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { ServiceResponse } from '../service-response.js';
import { ApiError } from './api-error.js';
import { SERIALIZER_KEY, type Serializer } from './serialize.decorator.js';

/**
 * The one place where a service result becomes HTTP: errors go to the filter through the reason
 * table, payloads through the route's serializer. A create that found its record already there
 * (`created: false`) answers 200 instead of the route's 201.
 */
@Injectable()
export class ServiceResponseInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const serializer = this.reflector.get<Serializer | undefined>(SERIALIZER_KEY, context.getHandler());
    return next.handle().pipe(
      map((result) => {
        if (!ServiceResponse.isResponse(result)) return result;
        if (result.status === 'error') throw new ApiError(result.reason, result.message);
        if (result.created === false) context.switchToHttp().getResponse<Response>().status(HttpStatus.OK);
        return serializer ? represent(serializer, result.payload) : result.payload;
      }),
    );
  }
}

function represent(serializer: Serializer, payload: unknown): unknown {
  return Array.isArray(payload) ? payload.map((item) => serializer.represent(item)) : serializer.represent(payload);
}
