import { Module } from '@nestjs/common';
import { HealthCheckService } from './health-check.service.js';
import { HealthController } from './health.controller.js';
import { MetricsService } from './metrics.service.js';
import { RequestMetricsMiddleware } from './request-metrics.middleware.js';

@Module({
  controllers: [HealthController],
  providers: [HealthCheckService, MetricsService, RequestMetricsMiddleware],
  exports: [MetricsService, RequestMetricsMiddleware],
})
export class HealthModule {}
