import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AiWorkflowsRoute } from '../auth/ai-workflows-route.decorator.js';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import { ServiceResponse } from '../common/service-response.js';
import type { User } from '../users/entities/user.entity.js';
import { AGENT_PRIVILEGES } from './agent-privileges.js';
import { CreateWorkflowDto } from './dto/create-workflow.dto.js';
import { CreateWorkflowsBatchDto } from './dto/create-workflows-batch.dto.js';
import { ListWorkflowsQueryDto } from './dto/list-workflows-query.dto.js';
import { UpdateWorkflowDto } from './dto/update-workflow.dto.js';
import { AgentPrivilegesSerializer } from './serializers/agent-privileges.serializer.js';
import { WorkflowStatusUpdateSerializer } from './serializers/workflow-status-update.serializer.js';
import { WorkflowSerializer } from './serializers/workflow.serializer.js';
import { CreateWorkflowService } from './services/create-workflow.service.js';
import { CreateWorkflowsBatchService } from './services/create-workflows-batch.service.js';
import { DeleteWorkflowService } from './services/delete-workflow.service.js';
import { UpdateWorkflowStatusService } from './services/update-workflow-status.service.js';
import { WorkflowsFinder } from './workflows.finder.js';

@ApiTags('duo_workflows')
@ApiAuthenticated()
@AiWorkflowsRoute()
@Controller('ai/duo_workflows/workflows')
export class WorkflowsController {
  constructor(
    private readonly finder: WorkflowsFinder,
    private readonly createWorkflow: CreateWorkflowService,
    private readonly createWorkflows: CreateWorkflowsBatchService,
    private readonly updateStatus: UpdateWorkflowStatusService,
    private readonly deleteWorkflow: DeleteWorkflowService,
  ) {}

  @Post()
  @Serialize(WorkflowSerializer)
  @ApiCreatedResponse({ type: WorkflowSerializer })
  @ApiOkResponse({ type: WorkflowSerializer, description: 'if_exists=do_nothing and the thread_id exists: the existing workflow' })
  @ApiErrors(400, 404, 409)
  create(@CurrentUser() user: User, @Body() body: CreateWorkflowDto) {
    return this.createWorkflow.execute(user, body);
  }

  /** Not part of GitLab's API: what the LangGraph client sends when several threads start at once. */
  @Post('batch')
  @HttpCode(200)
  @Serialize(WorkflowSerializer)
  @ApiOperation({ summary: 'The workflows of several threads of one project, in order; those that do not exist are created (as if_exists=do_nothing)' })
  @ApiOkResponse({ type: [WorkflowSerializer] })
  @ApiErrors(400, 404)
  createBatch(@CurrentUser() user: User, @Body() body: CreateWorkflowsBatchDto) {
    return this.createWorkflows.execute(user, body);
  }

  @Get()
  @Serialize(WorkflowSerializer)
  @ApiOkResponse({ type: [WorkflowSerializer] })
  @ApiErrors(400, 404)
  list(@CurrentUser() user: User, @Query() query: ListWorkflowsQueryDto) {
    return this.finder.list(user, query);
  }

  @Get('agent_privileges')
  @ApiOkResponse({ type: AgentPrivilegesSerializer })
  agentPrivileges(): AgentPrivilegesSerializer {
    return { all_privileges: AGENT_PRIVILEGES.map((privilege) => ({ ...privilege })) };
  }

  @Get(':id')
  @Serialize(WorkflowSerializer)
  @ApiOkResponse({ type: WorkflowSerializer })
  @ApiErrors(404)
  show(@CurrentUser() user: User, @Param('id') id: string) {
    return this.finder.find(user, id, 'read_workflow');
  }

  @Patch(':id')
  @Serialize(WorkflowStatusUpdateSerializer)
  @ApiOkResponse({ type: WorkflowStatusUpdateSerializer })
  @ApiErrors(400, 404)
  update(@CurrentUser() user: User, @Param('id') id: string, @Body() body: UpdateWorkflowDto) {
    return this.updateStatus.execute(user, id, body.status_event);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its checkpoints, values, writes and events' })
  @ApiErrors(404)
  async destroy(@CurrentUser() user: User, @Param('id') id: string): Promise<ServiceResponse<null>> {
    return this.deleteWorkflow.execute(user, id);
  }
}
