import { Body, Controller, HttpCode, Post, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AiWorkflowsRoute } from '../auth/ai-workflows-route.decorator.js';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { CurrentIdentity } from '../auth/current-user.decorator.js';
import type { Identity } from '../auth/identity.js';
import { IdentityCheckedByStatement } from '../auth/identity-checked-by-statement.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import { quickBodyPipe, validateEachEnvelope, validateEnvelope } from '../common/http/validation.js';
import { CheckpointsFinder } from './checkpoints.finder.js';
import { BatchCheckpointDto, CheckpointBatchDto, CheckpointLookupDto } from './dto/checkpoint-batch.dto.js';
import { acceptBatchCheckpoint, acceptCheckpointBatch, acceptCheckpointLookup } from './dto/quick-envelope.js';
import { CheckpointBatchSerializer, CheckpointLookupSerializer } from './serializers/checkpoint-batch.serializer.js';
import { CreateCheckpointsBatchService } from './services/create-checkpoints-batch.service.js';

/** The batch envelope, then each checkpoint's envelope; no checkpoint or metadata is walked. */
const batchPipe: PipeTransform = {
  transform: async (body: unknown) => {
    const { checkpoints } = acceptCheckpointBatch(body) ?? (await validateEnvelope(body, CheckpointBatchDto, ['checkpoints']));
    return validateEachEnvelope('checkpoints', checkpoints, BatchCheckpointDto, ['checkpoint', 'metadata'], acceptBatchCheckpoint);
  },
};

const lookupPipe = quickBodyPipe(CheckpointLookupDto, acceptCheckpointLookup);

/**
 * Batches for clients that run many threads at once (the LangGraph client coalesces its concurrent
 * puts and getTuple calls into these): one request, one authentication and a few statements for
 * many checkpoints. Each item answers as its single-checkpoint route would. Not part of GitLab's API.
 */
@ApiTags('duo_workflows')
@ApiAuthenticated()
@AiWorkflowsRoute()
@Controller('ai/duo_workflows/checkpoints')
export class CheckpointBatchesController {
  constructor(
    private readonly createBatch: CreateCheckpointsBatchService,
    private readonly finder: CheckpointsFinder,
  ) {}

  @Post('batch')
  @IdentityCheckedByStatement()
  @HttpCode(200)
  @Serialize(CheckpointBatchSerializer)
  @ApiOperation({ summary: 'Store several checkpoints of the caller\'s workflows; one result per checkpoint, in order' })
  @ApiBody({ type: CheckpointBatchDto })
  @ApiOkResponse({ type: CheckpointBatchSerializer })
  @ApiErrors(400)
  create(@CurrentIdentity() identity: Identity, @Body(batchPipe) checkpoints: BatchCheckpointDto[] & { readonly batch?: never }) {
    return this.createBatch.execute(identity, checkpoints);
  }

  @Post('lookup')
  @IdentityCheckedByStatement()
  @HttpCode(200)
  @Serialize(CheckpointLookupSerializer)
  @ApiOperation({ summary: 'Read several checkpoints (latest of a namespace, or by thread_ts); one result per lookup, in order' })
  @ApiBody({ type: CheckpointLookupDto })
  @ApiOkResponse({ type: CheckpointLookupSerializer })
  @ApiErrors(400)
  lookup(@CurrentIdentity() identity: Identity, @Body(lookupPipe) body: CheckpointLookupDto & { readonly lookup?: never }) {
    return this.finder.lookup(identity, body);
  }
}
