import { DuoWorkflowApiError, oneAnswerPerItem } from './errors.js';
import type { HttpClient } from './http-client.js';
import { DEFAULT_BATCH_LIMITS, DEFAULT_LOOKUP_LIMITS, RequestBatcher, type BatchLimits } from './request-batcher.js';
import type { CheckpointItem } from './wire.js';

const BATCH_PATH = '/ai/duo_workflows/checkpoints/batch';
const LOOKUP_PATH = '/ai/duo_workflows/checkpoints/lookup';

type ItemResult = { status: number; message?: string };
type LookupResult = ItemResult & { checkpoint?: CheckpointItem };

/**
 * The saver's concurrent puts and checkpoint reads, coalesced into the service's batch routes: a
 * graph runner with many threads at once sends one request per round trip instead of one per call
 * (see RequestBatcher). Each call still gets its own outcome: a put resolves once its checkpoint
 * is stored, or fails with the error the single route would have given it.
 */
export class CheckpointBatches {
  private readonly puts: RequestBatcher<ItemResult>;
  private readonly lookups: RequestBatcher<CheckpointItem | undefined>;

  constructor(http: HttpClient, limits: Partial<BatchLimits> = {}) {
    this.puts = new RequestBatcher<ItemResult>(async (items) => {
      const results = await sendBatch<ItemResult>(http, BATCH_PATH, `{"checkpoints":[${items.join(',')}]}`, items.length);
      return results.map((result) => (result.status >= 400 ? itemError(result, BATCH_PATH) : result));
    }, { ...DEFAULT_BATCH_LIMITS, ...limits });
    this.lookups = new RequestBatcher<CheckpointItem | undefined>(async (items) => {
      const results = await sendBatch<LookupResult>(http, LOOKUP_PATH, `{"channel_values":"blobs","lookups":[${items.join(',')}]}`, items.length);
      return results.map((result) => (result.status === 404 ? undefined : result.status >= 400 ? itemError(result, LOOKUP_PATH) : result.checkpoint));
    }, { ...DEFAULT_LOOKUP_LIMITS, ...limits });
  }

  /** Stores one checkpoint (the body of POST /workflows/:id/checkpoints) in `workflowId`. */
  async put(workflowId: number, body: Record<string, unknown>): Promise<void> {
    await this.puts.submit(JSON.stringify({ workflow_id: workflowId, ...body }));
  }

  /** The latest checkpoint of a namespace, or the one with `threadTs`; undefined when there is none. */
  read(workflowId: number, checkpointNs: string, threadTs: string | undefined): Promise<CheckpointItem | undefined> {
    return this.lookups.submit(JSON.stringify({ workflow_id: workflowId, checkpoint_ns: checkpointNs, thread_ts: threadTs }));
  }
}

async function sendBatch<Result>(http: HttpClient, path: string, json: string, count: number): Promise<Result[]> {
  const { body } = await http.request<{ results: Result[] }>('POST', path, { json });
  return oneAnswerPerItem(body?.results, count, 'results', path);
}

function itemError(result: ItemResult, path: string): DuoWorkflowApiError {
  return new DuoWorkflowApiError(`${result.message ?? `HTTP ${result.status}`} (POST ${path})`, result.status, 'POST', path);
}
