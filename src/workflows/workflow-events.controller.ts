import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AiWorkflowsRoute } from '../auth/ai-workflows-route.decorator.js';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import type { User } from '../users/entities/user.entity.js';
import { CreateWorkflowEventDto, UpdateWorkflowEventDto } from './dto/create-workflow-event.dto.js';
import { WorkflowEventSerializer } from './serializers/workflow-event.serializer.js';
import { CreateWorkflowEventService } from './services/create-workflow-event.service.js';
import { ListQueuedEventsService } from './services/list-queued-events.service.js';
import { UpdateWorkflowEventService } from './services/update-workflow-event.service.js';

@ApiTags('duo_workflows')
@ApiAuthenticated()
@AiWorkflowsRoute()
@Controller('ai/duo_workflows/workflows/:id/events')
export class WorkflowEventsController {
  constructor(
    private readonly createEvent: CreateWorkflowEventService,
    private readonly listQueued: ListQueuedEventsService,
    private readonly updateEvent: UpdateWorkflowEventService,
  ) {}

  @Post()
  @Serialize(WorkflowEventSerializer)
  @ApiCreatedResponse({ type: WorkflowEventSerializer })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() user: User, @Param('id') id: string, @Body() body: CreateWorkflowEventDto) {
    return this.createEvent.execute(user, id, body);
  }

  @Get()
  @Serialize(WorkflowEventSerializer)
  @ApiOkResponse({ type: [WorkflowEventSerializer], description: 'queued events, oldest first' })
  @ApiErrors(404)
  list(@CurrentUser() user: User, @Param('id') id: string) {
    return this.listQueued.execute(user, id);
  }

  @Put(':event_id')
  @Serialize(WorkflowEventSerializer)
  @ApiOkResponse({ type: WorkflowEventSerializer })
  @ApiErrors(400, 404)
  update(@CurrentUser() user: User, @Param('id') id: string, @Param('event_id') eventId: string, @Body() body: UpdateWorkflowEventDto) {
    return this.updateEvent.execute(user, id, eventId, body);
  }
}
