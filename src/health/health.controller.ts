import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { HealthCheckService, type HealthReport } from './health-check.service.js';
import { MetricsService } from './metrics.service.js';
import { HealthReportSerializer, LivenessSerializer } from './serializers/health-report.serializer.js';

@ApiTags('operations')
@Public()
@Controller('-')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('liveness')
  @ApiOkResponse({ description: 'The process is up', type: LivenessSerializer })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readiness')
  @ApiOkResponse({ description: 'The database is reachable and migrations are current', type: HealthReportSerializer })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable or migrations pending', type: HealthReportSerializer })
  async readiness(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return this.report(response);
  }

  @Get('health')
  @ApiOkResponse({ description: 'Same checks as readiness, with details', type: HealthReportSerializer })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable or migrations pending', type: HealthReportSerializer })
  async healthReport(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return this.report(response);
  }

  @Get('metrics')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiExcludeEndpoint()
  async metricsText(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }

  private async report(response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') response.status(503).setHeader('Retry-After', '5');
    return report;
  }
}
