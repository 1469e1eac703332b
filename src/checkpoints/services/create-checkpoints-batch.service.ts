import { Injectable } from '@nestjs/common';
import { ServiceResponse } from '../../common/service-response.js';
import type { BatchResults } from '../batch-results.js';
import { isForeignKeyViolation } from '../../database/database-errors.js';
import { AppConfig } from '../../config/environment.js';
import type { Identity } from '../../auth/identity.js';
import type { GrantedWorkflow } from '../../workflows/remembered-grants.js';
import { WorkflowPolicy } from '../../workflows/workflow.policy.js';
import type { BatchCheckpointDto } from '../dto/checkpoint-batch.dto.js';
import { buildCheckpointInput, checkpointLimits, type CheckpointInput } from '../store/checkpoint-input.js';
import { ACCESS_UNVERIFIED, assumesAnything, NOTHING_ASSUMED, type Assumed } from '../store/assumed.js';
import { CheckpointWriter, type CheckpointToSave, type SavedCheckpoint } from '../store/checkpoint-writer.js';
import { saveCheckpoint, savedResponse } from './save-checkpoint.js';


/**
 * Stores several checkpoints, of any workflows of the caller, in one request: what a client with
 * many threads running sends instead of one request per checkpoint. Every item is checked before
 * anything is written, so content that is not valid refuses the whole batch (400, nothing stored);
 * access is per item, so one thread's deleted workflow does not fail the others (each item answers
 * for itself, as POST /workflows/:id/checkpoints would). Items of different threads are written
 * side by side; items of one thread (and namespace) in the order given, since a later one may
 * have an earlier one as its parent. Write access this process granted before is taken from memory
 * and checked by the write itself (WorkflowPolicy.loadManyAssuming, decision 0016), and so may the
 * caller's identity be (@IdentityCheckedByStatement(), decision 0017).
 */
@Injectable()
export class CreateCheckpointsBatchService {
  constructor(
    private readonly workflows: WorkflowPolicy,
    private readonly writer: CheckpointWriter,
    private readonly config: AppConfig,
  ) {}

  async execute(identity: Identity, items: BatchCheckpointDto[]): Promise<ServiceResponse<BatchResults<SavedCheckpoint>>> {
    const inputs: CheckpointInput[] = [];
    for (const [index, item] of items.entries()) {
      const input = buildCheckpointInput(item, checkpointLimits(this.config));
      if (input.status === 'error') return ServiceResponse.error('invalid', `checkpoints[${index}]: ${input.message}`);
      inputs.push(input.payload);
    }
    const ids = items.map((item) => item.workflow_id);
    let user = identity.user;
    let { decisions, assumed: grants } = await this.workflows.loadManyAssuming(user, ids, 'update_workflow');
    // An identity from memory needs checking once: by the first wave's write.
    let assumedIdentity = identity.basis ?? null;
    const outcomes: ServiceResponse<SavedCheckpoint>[] = Array.from({ length: items.length });
    for (const wave of inOrderPerThread(items)) {
      let saved = await this.saveWave(wave, items, inputs, decisions, { grants, identity: assumedIdentity });
      if (saved === ACCESS_UNVERIFIED) {
        // Something taken from memory no longer holds (or could not be checked): authenticate (401
        // or 403 thrown) and decide afresh, for the waves still to come too. Nothing of this wave
        // was written.
        this.workflows.forgetGrants(user, ids);
        if (assumedIdentity) user = (await identity.authenticateAfresh!()).user;
        decisions = await this.workflows.loadMany(user, ids, 'update_workflow');
        grants = [];
        // Nothing is assumed now, so the write checks nothing of access and answers for every item.
        saved = (await this.saveWave(wave, items, inputs, decisions, NOTHING_ASSUMED)) as ServiceResponse<SavedCheckpoint>[];
      }
      assumedIdentity = null;
      wave.forEach((index, i) => (outcomes[index] = saved[i]));
    }
    return ServiceResponse.success({ results: outcomes });
  }

  /** One wave's items, in its order: refused where access is, else as written. */
  private async saveWave(
    wave: number[],
    items: BatchCheckpointDto[],
    inputs: CheckpointInput[],
    decisions: Map<string, ServiceResponse<GrantedWorkflow>>,
    assumed: Assumed,
  ): Promise<ServiceResponse<SavedCheckpoint>[] | typeof ACCESS_UNVERIFIED> {
    const outcomes = new Map<number, ServiceResponse<SavedCheckpoint>>();
    const writable: { index: number; item: CheckpointToSave }[] = [];
    for (const index of wave) {
      const workflow = decisions.get(items[index].workflow_id)!;
      if (workflow.status === 'error') outcomes.set(index, workflow);
      else writable.push({ index, item: { workflow: workflow.payload, input: inputs[index] } });
    }
    const workflowIds = new Set(writable.map(({ item }) => item.workflow.id));
    const grants = assumed.grants.filter((basis) => workflowIds.has(basis.workflowId));
    const saved = await this.saveTogether(writable.map(({ item }) => item), { grants, identity: assumed.identity });
    if (saved === ACCESS_UNVERIFIED) return saved;
    writable.forEach(({ index }, i) => outcomes.set(index, saved[i]));
    return wave.map((index) => outcomes.get(index)!);
  }

  /**
   * One write for all: if a workflow was deleted meanwhile, its foreign key fails the statement for
   * every item, so they are written again one by one and only that one answers not found — after
   * what was taken from memory is decided afresh (the one-by-one writes do not check it). With
   * nothing to write, the writer answers ACCESS_UNVERIFIED where anything was assumed.
   */
  private async saveTogether(items: CheckpointToSave[], assumed: Assumed): Promise<ServiceResponse<SavedCheckpoint>[] | typeof ACCESS_UNVERIFIED> {
    try {
      const saved = await this.writer.saveManyAssuming(items, assumed);
      return saved === ACCESS_UNVERIFIED ? saved : saved.map(savedResponse);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      if (assumesAnything(assumed)) return ACCESS_UNVERIFIED;
      return Promise.all(items.map(({ workflow, input }) => saveCheckpoint(this.writer, workflow, input)));
    }
  }
}

/**
 * The item indexes in waves: the n-th wave holds the n-th item of every (workflow, namespace), so
 * items of one thread run one after the other and different threads run together.
 */
export function inOrderPerThread(items: { workflow_id: string; checkpoint_ns?: string }[]): number[][] {
  const seen = new Map<string, number>();
  const waves: number[][] = [];
  items.forEach((item, index) => {
    const key = JSON.stringify([item.workflow_id, item.checkpoint_ns ?? '']);
    const position = seen.get(key) ?? 0;
    seen.set(key, position + 1);
    (waves[position] ??= []).push(index);
  });
  return waves;
}
