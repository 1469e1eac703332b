import { Injectable } from '@nestjs/common';
import type { Page } from '../common/pagination/page.js';
import { paginate } from '../common/pagination/paginate.js';
import { ServiceResponse } from '../common/service-response.js';
import { ProjectPolicy } from '../projects/project.policy.js';
import type { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { WorkflowPolicy } from '../workflows/workflow.policy.js';
import type { CheckpointLookupDto } from './dto/checkpoint-batch.dto.js';
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
   * …/by_thread_ts would answer it alone.
   */
  async lookup(user: User, query: CheckpointLookupDto): Promise<ServiceResponse<BatchResults<CheckpointView>>> {
    const { lookups } = query;
    const access = await this.workflows.loadMany(
      user,
      lookups.map((item) => item.workflow_id),
      'read_workflow',
    );
    const allowed = lookups.filter((item) => access.get(item.workflow_id)!.status === 'success');
    const keys = allowed.map((item) => ({ workflowId: item.workflow_id, checkpointNs: item.checkpoint_ns ?? '', threadTs: item.thread_ts }));
    const found = keys.length === 0 ? [] : await this.reader.lookup(keys);
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
