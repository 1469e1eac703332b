import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectsModule } from '../projects/projects.module.js';
import { WorkflowEvent } from './entities/workflow-event.entity.js';
import { Workflow } from './entities/workflow.entity.js';
import { CreateWorkflowEventService } from './services/create-workflow-event.service.js';
import { CreateWorkflowService } from './services/create-workflow.service.js';
import { CreateWorkflowsBatchService } from './services/create-workflows-batch.service.js';
import { DeleteWorkflowService } from './services/delete-workflow.service.js';
import { ListQueuedEventsService } from './services/list-queued-events.service.js';
import { UpdateWorkflowEventService } from './services/update-workflow-event.service.js';
import { UpdateWorkflowStatusService } from './services/update-workflow-status.service.js';
import { WorkflowEventsController } from './workflow-events.controller.js';
import { WorkflowPolicy } from './workflow.policy.js';
import { WorkflowsController } from './workflows.controller.js';
import { WorkflowsFinder } from './workflows.finder.js';

/** GitLab's Duo Workflows: workflows, their status machine and their event queue. */
@Module({
  imports: [TypeOrmModule.forFeature([Workflow, WorkflowEvent]), ProjectsModule],
  controllers: [WorkflowsController, WorkflowEventsController],
  providers: [
    WorkflowPolicy,
    WorkflowsFinder,
    CreateWorkflowService,
    CreateWorkflowsBatchService,
    UpdateWorkflowStatusService,
    DeleteWorkflowService,
    CreateWorkflowEventService,
    ListQueuedEventsService,
    UpdateWorkflowEventService,
  ],
  exports: [WorkflowPolicy],
})
export class WorkflowsModule {}
