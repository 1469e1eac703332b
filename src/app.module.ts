import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter.js';
import { JsonBodyMiddleware } from './common/http/json-body.middleware.js';
import { ServiceResponseInterceptor } from './common/http/service-response.interceptor.js';
import { AppConfig } from './config/environment.js';
import { ConfigModule } from './config/config.module.js';
import { loggerOptions } from './config/logger.options.js';
import type { DatabaseTarget } from './database/data-source-options.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { RequestMetricsMiddleware } from './health/request-metrics.middleware.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule.forRoot(database),
        HealthModule,
      ],
      providers: [
        JsonBodyMiddleware,
        { provide: APP_INTERCEPTOR, useClass: ServiceResponseInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // After the request logger (LoggerModule), so rejected bodies are logged too.
    consumer.apply(RequestMetricsMiddleware, JsonBodyMiddleware).forRoutes('*path');
  }
}
