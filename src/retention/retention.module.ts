import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RetentionScheduler } from './retention.scheduler.js';
import { RetentionService } from './retention.service.js';

@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [RetentionService, RetentionScheduler],
  exports: [RetentionService],
})
export class RetentionModule {}
