import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { isRecordId } from '../../common/record-id.js';
import type { UpdateWorkflowEventDto } from '../dto/create-workflow-event.dto.js';
import { WorkflowEvent } from '../entities/workflow-event.entity.js';
import { WorkflowsFinder } from '../workflows.finder.js';

/** Marks an event delivered (or queued again); the event must belong to this workflow. */
@Injectable()
export class UpdateWorkflowEventService {
  constructor(
    @InjectRepository(WorkflowEvent) private readonly events: Repository<WorkflowEvent>,
    private readonly finder: WorkflowsFinder,
  ) {}

  async execute(user: User, workflowId: string, eventId: string, params: UpdateWorkflowEventDto): Promise<ServiceResponse<WorkflowEvent>> {
    const workflow = await this.finder.find(user, workflowId, 'update_workflow');
    if (workflow.status === 'error') return workflow;
    if (!isRecordId(eventId)) return ServiceResponse.error('not_found', 'Event');
    const where = { id: eventId, workflowId: workflow.payload.id };
    // An update, not save(): save() inserts the row again when a concurrent DELETE of the workflow
    // removed it, which the foreign key then refuses.
    const { affected } = await this.events.update(where, { eventStatus: params.event_status });
    const event = affected ? await this.events.findOneBy(where) : null;
    if (!event) return ServiceResponse.error('not_found', 'Event');
    return ServiceResponse.success(event);
  }
}
