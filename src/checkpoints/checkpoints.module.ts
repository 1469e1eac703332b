import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { CheckpointBatchesController } from './checkpoint-batches.controller.js';
import { CheckpointsController } from './checkpoints.controller.js';
import { CheckpointsFinder } from './checkpoints.finder.js';
import { CreateCheckpointService } from './services/create-checkpoint.service.js';
import { CreateCheckpointsBatchService } from './services/create-checkpoints-batch.service.js';
import { DeltaHistoryService } from './services/delta-history.service.js';
import { SaveCheckpointWritesService } from './services/save-checkpoint-writes.service.js';
import { CheckpointReader } from './store/checkpoint-reader.js';
import { CheckpointWriter } from './store/checkpoint-writer.js';
import { DeltaHistoryReader } from './store/delta-history-reader.js';
import { ThreadCheckpointsController } from './thread-checkpoints.controller.js';

/** The checkpoint store and its routes. The store is SQL-first: see docs/decisions/0005-checkpoint-store.md. */
@Module({
  imports: [WorkflowsModule, ProjectsModule],
  controllers: [CheckpointsController, ThreadCheckpointsController, CheckpointBatchesController],
  providers: [
    CheckpointReader,
    CheckpointWriter,
    DeltaHistoryReader,
    CheckpointsFinder,
    CreateCheckpointService,
    CreateCheckpointsBatchService,
    SaveCheckpointWritesService,
    DeltaHistoryService,
  ],
})
export class CheckpointsModule {}
