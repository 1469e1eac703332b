import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { answerClientErrorsAsJson } from './common/http/client-error.js';
import { compressionWhenAccepted } from './common/http/compression.js';
import { writeJsonResponses } from './common/http/large-exchanges.js';
import { requestIdMiddleware } from './common/http/request-id.js';
import { createValidationPipe } from './common/http/validation.js';
import type { AppConfig } from './config/environment.js';
import { setupSwagger } from './swagger.js';

export const API_PREFIX = 'api/v4';

/** Everything main.ts does to the app besides listening; the e2e tests call it too. */
export function configureApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Express hashes every response body for a weak ETag; no client of this API sends
  // If-None-Match, and checkpoint reads are large.
  app.set('etag', false);
  writeJsonResponses(app.getHttpAdapter().getInstance());
  answerClientErrorsAsJson(app.getHttpServer());
  app.set('query parser', 'extended');
  app.use(requestIdMiddleware);
  app.use(helmet());
  // Level 1: most of gzip's saving on JSON for a fraction of its CPU; checkpoint reads are large.
  app.use(compressionWhenAccepted({ level: 1 }));
  if (config.CORS_ORIGINS) {
    app.enableCors({ origin: config.CORS_ORIGINS.split(',').map((origin) => origin.trim()), exposedHeaders: EXPOSED_HEADERS });
  }
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: '-/*path', method: RequestMethod.ALL }] });
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);
  return app;
}

const EXPOSED_HEADERS = ['X-Request-Id', 'X-Page', 'X-Per-Page', 'X-Next-Page', 'X-Prev-Page', 'X-Total', 'X-Total-Pages', 'Link', 'Retry-After'];
