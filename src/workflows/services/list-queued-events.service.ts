import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { WorkflowEvent } from '../entities/workflow-event.entity.js';
import { WorkflowsFinder } from '../workflows.finder.js';

/** The events still waiting for the agent, oldest first. */
@Injectable()
export class ListQueuedEventsService {
  constructor(
    @InjectRepository(WorkflowEvent) private readonly events: Repository<WorkflowEvent>,
    private readonly finder: WorkflowsFinder,
  ) {}

  async execute(user: User, workflowId: string): Promise<ServiceResponse<WorkflowEvent[]>> {
    const workflow = await this.finder.find(user, workflowId, 'read_workflow');
    if (workflow.status === 'error') return workflow;
    const events = await this.events.find({ where: { workflowId: workflow.payload.id, eventStatus: 'queued' }, order: { id: 'ASC' } });
    return ServiceResponse.success(events);
  }
}
