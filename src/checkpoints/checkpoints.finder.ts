import { Injectable } from '@nestjs/common';
import type { Page } from '../common/pagination/page.js';
import { paginate } from '../common/pagination/paginate.js';
import { ServiceResponse } from '../common/service-response.js';
import { ProjectPolicy } from '../projects/project.policy.js';
import type { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { WorkflowPolicy } from '../workflows/workflow.policy.js';
import type { Identity } from '../auth/identity.js';
import type { CheckpointLookupDto } from './dto/checkpoint-batch.dto.js';
import { ACCESS_UNVERIFIED, NOTHING_ASSUMED, type Assumed } from './store/assumed.js';
import type { BatchResults } from './batch-results.js';
import type { ListCheckpointsQueryDto, ListThreadCheckpointsQueryDto, ReadFormatQueryDto } from './dto/read-checkpoints-query.dto.js';
import type { CheckpointView, ReadFormat } from './serializers/checkpoint.serializer.js';
import { CheckpointReader, type ListScope, type LoadedCheckpoint } from './store/checkpoint-reader.js';

type Lookup = (workflowId: string) => Promise<LoadedCheckpoint | undefined>;

/** Reads checkpoints of workflows the caller may read. */
@Injectable()
export class CheckpointsFinder {
  constructor(
    private readonly workflows: WorkflowPolicy,
    private readonly projects: ProjectPolicy,
    private readonly reader: CheckpointReader,
  ) {}

  latest(user: User, workflowId: string, checkpointNs: string, format: ReadFormatQueryDto) {
    return this.one(user, workflowId, format, (id) => this.reader.latest(id, checkpointNs));
  }

  byThreadTs(user: User, workflowId: string, checkpointNs: string, threadTs: string, format: ReadFormatQueryDto) {
    return this.one(user, workflowId, format, (id) => this.reader.byThreadTs(id, checkpointNs, threadTs));
  }

  byId(user: User, workflowId: string, checkpointId: string, format: ReadFormatQueryDto) {
    return this.one(user, workflowId, format, (id) => (isRecordId(checkpointId) ? this.reader.byId(id, checkpointId) : Promise.resolve(undefined)));
  }

  /** One workflow's checkpoints, newest first. */
  async list(user: User, workflowId: string, query: ListCheckpointsQueryDto): Promise<ServiceResponse<Page<CheckpointView>>> {
    const workflow = await this.workflows.load(user, workflowId, 'read_workflow');
    if (workflow.status === 'error') return workflow;
    return ServiceResponse.success(await this.page({ workflowId: workflow.payload.id }, query));
  }

  /** The checkpoints of all the caller's workflows in a project: LangGraph's list() without a thread. */
  async listAcrossThreads(user: User, query: ListThreadCheckpointsQueryDto): Promise<ServiceResponse<Page<CheckpointView>>> {
    const project = await this.projects.authorize(user, query.project_id, 'duo_workflow');
    if (project.status === 'error') return project;
    return ServiceResponse.success(await this.page({ projectId: project.payload.id, userId: user.id }, query));
  }

  /**
   * Several checkpoints of any of the caller's workflows in one request (the batch behind a client's
   * concurrent getTuple calls): each is found, or not found, as GET …/checkpoints/latest or
   * …/by_thread_ts would answer it alone. Read access this process granted the caller before, and
   * the caller (@IdentityCheckedByStatement()), may come from memory: the rows statement checks
   * them and reads nothing if they changed; the request then authenticates (401/403 thrown) and
   * asks the policy afresh (decision 0019).
   */
  async lookup(identity: Identity, query: CheckpointLookupDto): Promise<ServiceResponse<BatchResults<CheckpointView>>> {
    const ids = query.lookups.map((item) => item.workflow_id);
    const { decisions, assumed: grants } = await this.workflows.loadManyAssuming(identity.user, ids, 'read_workflow');
    const fromMemory = await this.lookUpDecided(query, decisions, { grants, identity: identity.basis ?? null });
    if (fromMemory !== ACCESS_UNVERIFIED) return fromMemory;
    this.workflows.forgetGrants(identity.user, ids);
    const user = identity.basis ? (await identity.authenticateAfresh!()).user : identity.user;
    const decided = await this.lookUpDecided(query, await this.workflows.loadMany(user, ids, 'read_workflow'), NOTHING_ASSUMED);
    // With nothing assumed the reader has nothing to find changed, so this cannot happen.
    if (decided === ACCESS_UNVERIFIED) throw new Error('a lookup that assumed nothing was answered as unverified');
    return decided;
  }

  /** The lookups' answers on these access decisions, or ACCESS_UNVERIFIED (see CheckpointReader.lookup). */
  private async lookUpDecided(
    query: CheckpointLookupDto,
    access: Map<string, ServiceResponse<unknown>>,
    assumed: Assumed,
  ): Promise<ServiceResponse<BatchResults<CheckpointView>> | typeof ACCESS_UNVERIFIED> {
    const { lookups } = query;
    const allowed = lookups.filter((item) => access.get(item.workflow_id)!.status === 'success');
    const keys = allowed.map((item) => ({ workflowId: item.workflow_id, checkpointNs: item.checkpoint_ns ?? '', threadTs: item.thread_ts }));
    const found = await this.reader.lookup(keys, assumed);
    if (found === ACCESS_UNVERIFIED) return found;
    const loaded = new Map(allowed.map((item, i) => [item, found[i]]));
    const format = readFormat(query);
    const results = lookups.map((item): ServiceResponse<CheckpointView> => {
      const workflow = access.get(item.workflow_id)!;
      if (workflow.status === 'error') return workflow;
      const checkpoint = loaded.get(item);
      return checkpoint ? ServiceResponse.success({ loaded: checkpoint, format }) : ServiceResponse.error('not_found', 'Checkpoint');
    });
    return ServiceResponse.success({ results });
  }

  private async one(user: User, workflowId: string, format: ReadFormatQueryDto, lookup: Lookup): Promise<ServiceResponse<CheckpointView>> {
    const workflow = await this.workflows.load(user, workflowId, 'read_workflow');
    if (workflow.status === 'error') return workflow;
    const loaded = await lookup(workflow.payload.id);
    if (!loaded) return ServiceResponse.error('not_found', 'Checkpoint');
    return ServiceResponse.success({ loaded, format: readFormat(format) });
  }

  private async page(scope: ListScope, query: ListCheckpointsQueryDto): Promise<Page<CheckpointView>> {
    const format = readFormat(query);
    const conditions = { checkpointNs: query.checkpoint_ns, before: query.before, beforePosition: query.before_position, filter: query.filter };
    const page = await paginate(query, {
      fetch: (limit, offset) => this.reader.list(scope, { ...conditions, limit, offset }),
      count: (cap) => this.reader.count(scope, conditions, cap),
      cursorAfter: ({ row }) => ({ before: row.thread_ts, before_position: `${row.workflow_id}:${row.checkpoint_ns}` }),
    });
    return page.map((loaded) => ({ loaded, format }));
  }
}

function readFormat(query: ReadFormatQueryDto): ReadFormat {
  return { channelValues: query.channel_values ?? 'inline', compressed: query.accept_compressed ?? false };
}
