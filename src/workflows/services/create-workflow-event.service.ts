import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { writeOrConflict } from '../../database/unique-violation.js';
import type { CreateWorkflowEventDto } from '../dto/create-workflow-event.dto.js';
import { WorkflowEvent } from '../entities/workflow-event.entity.js';
import { WorkflowsFinder } from '../workflows.finder.js';
import { isForeignKeyViolation } from '../../database/database-errors.js';

/** Queues an event (pause, message, …) from the user's UI for the running agent to pick up. */
@Injectable()
export class CreateWorkflowEventService {
  constructor(
    @InjectRepository(WorkflowEvent) private readonly events: Repository<WorkflowEvent>,
    private readonly finder: WorkflowsFinder,
  ) {}

  async execute(user: User, workflowId: string, params: CreateWorkflowEventDto): Promise<ServiceResponse<WorkflowEvent>> {
    const workflow = await this.finder.find(user, workflowId, 'update_workflow');
    if (workflow.status === 'error') return workflow;
    try {
      return await writeOrConflict(
        () =>
          this.events.save(
            this.events.create({
              workflowId: workflow.payload.id,
              eventType: params.event_type,
              eventStatus: 'queued',
              message: params.message,
              correlationId: params.correlation_id ?? null,
            }),
          ),
        { duo_workflows_events_correlation_id_key: 'correlation_id has already been taken' },
      );
    } catch (error) {
      // The workflow was deleted between the policy check and this insert.
      if (isForeignKeyViolation(error)) return ServiceResponse.error('not_found', 'Workflow');
      throw error;
    }
  }
}
