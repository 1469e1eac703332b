import type { Params } from 'nestjs-pino';
import type { Request } from 'express';
import { routePattern } from '../health/request-metrics.middleware.js';
import type { AppConfig } from './environment.js';

/** One JSON line per request (request id, route, status, duration); credentials never reach the log. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (request) => (request as { id?: string }).id ?? '',
      redact: {
        paths: ['req.headers.authorization', 'req.headers["private-token"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[REDACTED]',
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customSuccessObject: (request, _response, value) => ({ ...value, route: routePattern(request as Request) }),
      customErrorObject: (request, _response, _error, value) => ({ ...value, route: routePattern(request as Request) }),
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      // Probes and scrapes every few seconds would drown the log.
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/-/') },
      quietReqLogger: true,
    },
  };
}
