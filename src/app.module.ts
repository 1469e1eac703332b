import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter.js';
import { JsonBodyMiddleware } from './common/http/json-body.middleware.js';
import { LargeExchangeMiddleware } from './common/http/large-exchanges.js';
import { RateLimitGuard } from './common/rate-limit/rate-limit.guard.js';
import { ServiceResponseInterceptor } from './common/http/service-response.interceptor.js';
import { AppConfig } from './config/environment.js';
import { ConfigModule } from './config/config.module.js';
import { loggerOptions } from './config/logger.options.js';
import type { DatabaseTarget } from './database/data-source-options.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { RequestMetricsMiddleware } from './health/request-metrics.middleware.js';
import { ProjectsModule } from './projects/projects.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { UsersModule } from './users/users.module.js';
import { WorkflowsModule } from './workflows/workflows.module.js';
import { CheckpointsModule } from './checkpoints/checkpoints.module.js';

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
        AuthModule,
        UsersModule,
        ProjectsModule,
        WorkflowsModule,
        CheckpointsModule,
        RetentionModule,
      ],
      providers: [
        JsonBodyMiddleware,
        // Every route needs a token unless it is @Public().
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        // After authentication, so limits count per user.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: ServiceResponseInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // After the request logger (LoggerModule), so rejected bodies are logged too.
    consumer.apply(RequestMetricsMiddleware, LargeExchangeMiddleware, JsonBodyMiddleware).forRoutes('*path');
  }
}
