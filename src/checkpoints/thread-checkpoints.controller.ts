import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AiWorkflowsRoute } from '../auth/ai-workflows-route.decorator.js';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import type { User } from '../users/entities/user.entity.js';
import { CheckpointsFinder } from './checkpoints.finder.js';
import { ListThreadCheckpointsQueryDto } from './dto/read-checkpoints-query.dto.js';
import { ThreadCheckpointSerializer } from './serializers/checkpoint.serializer.js';
import { ChannelHistorySerializer } from './serializers/delta-history.serializer.js';

/** LangGraph's list() without a thread: every checkpoint of the caller's workflows in a project. */
@ApiTags('duo_workflows')
@ApiAuthenticated()
@AiWorkflowsRoute()
@ApiExtraModels(ChannelHistorySerializer)
@Controller('ai/duo_workflows/checkpoints')
export class ThreadCheckpointsController {
  constructor(private readonly finder: CheckpointsFinder) {}

  @Get()
  @Serialize(ThreadCheckpointSerializer)
  @ApiOkResponse({ type: [ThreadCheckpointSerializer] })
  @ApiErrors(400, 404)
  list(@CurrentUser() user: User, @Query() query: ListThreadCheckpointsQueryDto) {
    return this.finder.listAcrossThreads(user, query);
  }
}
