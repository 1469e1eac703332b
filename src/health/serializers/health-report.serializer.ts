import { ApiProperty } from '@nestjs/swagger';

/** Documents the bodies of the operations endpoints (HealthReport in health-check.service.ts). */
export class LivenessSerializer {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

export class HealthReportSerializer {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: string;
  @ApiProperty({ enum: ['ok', 'unreachable'] }) database: string;
  @ApiProperty({ enum: ['current', 'pending', 'unknown'] }) migrations: string;
}
