import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AiWorkflowsRoute } from '../auth/ai-workflows-route.decorator.js';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import { envelopePipe } from '../common/http/validation.js';
import type { User } from '../users/entities/user.entity.js';
import { CheckpointsFinder } from './checkpoints.finder.js';
import { CheckpointWritesBatchDto, DeltaHistoryDto } from './dto/checkpoint-writes.dto.js';
import { CreateCheckpointDto } from './dto/create-checkpoint.dto.js';
import { acceptCheckpointEnvelope } from './dto/quick-envelope.js';
import { ByThreadTsQueryDto, ListCheckpointsQueryDto, ReadCheckpointQueryDto } from './dto/read-checkpoints-query.dto.js';
import { CheckpointSerializer } from './serializers/checkpoint.serializer.js';
import { DeltaHistorySerializer } from './serializers/delta-history.serializer.js';
import { SavedCheckpointSerializer } from './serializers/saved-checkpoint.serializer.js';
import { CreateCheckpointService } from './services/create-checkpoint.service.js';
import { DeltaHistoryService } from './services/delta-history.service.js';
import { SaveCheckpointWritesService } from './services/save-checkpoint-writes.service.js';

/** The envelope is validated; `checkpoint` and `metadata` are not walked (see validateEnvelope). */
type CheckpointBody = CreateCheckpointDto & { readonly envelope?: never };

@ApiTags('duo_workflows')
@ApiAuthenticated()
@AiWorkflowsRoute()
@Controller('ai/duo_workflows/workflows/:id')
export class CheckpointsController {
  constructor(
    private readonly finder: CheckpointsFinder,
    private readonly createCheckpoint: CreateCheckpointService,
    private readonly saveWrites: SaveCheckpointWritesService,
    private readonly deltaHistory: DeltaHistoryService,
  ) {}

  @Post('checkpoints')
  @Serialize(SavedCheckpointSerializer)
  @ApiBody({ type: CreateCheckpointDto })
  @ApiCreatedResponse({ type: SavedCheckpointSerializer })
  @ApiOkResponse({ type: SavedCheckpointSerializer, description: 're-sent thread_ts: the stored row (identical) or its replacement' })
  @ApiErrors(400, 404, 409, 413)
  create(
    @CurrentUser() user: User,
    @Param('id') id: string,
    @Body(envelopePipe(CreateCheckpointDto, ['checkpoint', 'metadata'], acceptCheckpointEnvelope)) body: CheckpointBody,
  ) {
    return this.createCheckpoint.execute(user, id, body);
  }

  @Get('checkpoints')
  @Serialize(CheckpointSerializer)
  @ApiOkResponse({ type: [CheckpointSerializer] })
  @ApiErrors(400, 404)
  list(@CurrentUser() user: User, @Param('id') id: string, @Query() query: ListCheckpointsQueryDto) {
    return this.finder.list(user, id, query);
  }

  @Get('checkpoints/latest')
  @Serialize(CheckpointSerializer)
  @ApiOkResponse({ type: CheckpointSerializer })
  @ApiErrors(400, 404)
  latest(@CurrentUser() user: User, @Param('id') id: string, @Query() query: ReadCheckpointQueryDto) {
    return this.finder.latest(user, id, query.checkpoint_ns ?? '', query);
  }

  @Get('checkpoints/by_thread_ts')
  @Serialize(CheckpointSerializer)
  @ApiOkResponse({ type: CheckpointSerializer })
  @ApiErrors(400, 404)
  byThreadTs(@CurrentUser() user: User, @Param('id') id: string, @Query() query: ByThreadTsQueryDto) {
    return this.finder.byThreadTs(user, id, query.checkpoint_ns ?? '', query.thread_ts, query);
  }

  @Get('checkpoints/:checkpointId')
  @Serialize(CheckpointSerializer)
  @ApiOkResponse({ type: CheckpointSerializer })
  @ApiErrors(400, 404)
  show(@CurrentUser() user: User, @Param('id') id: string, @Param('checkpointId') checkpointId: string, @Query() query: ReadCheckpointQueryDto) {
    return this.finder.byId(user, id, checkpointId, query);
  }

  @Post('checkpoint_writes_batch')
  @HttpCode(200)
  @ApiOkResponse({ schema: { type: 'object', properties: {}, additionalProperties: false } })
  @ApiErrors(400, 404)
  writes(@CurrentUser() user: User, @Param('id') id: string, @Body() body: CheckpointWritesBatchDto) {
    return this.saveWrites.execute(user, id, body);
  }

  @Post('checkpoints/delta_history')
  @HttpCode(200)
  @Serialize(DeltaHistorySerializer)
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: { $ref: '#/components/schemas/ChannelHistorySerializer' } } })
  @ApiErrors(400, 404)
  delta(@CurrentUser() user: User, @Param('id') id: string, @Body() body: DeltaHistoryDto) {
    return this.deltaHistory.execute(user, id, body);
  }
}

