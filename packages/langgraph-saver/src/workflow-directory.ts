import { oneAnswerPerItem } from './errors.js';
import type { HttpClient } from './http-client.js';
import { RequestBatcher, type BatchLimits } from './request-batcher.js';
import type { WorkflowItem } from './wire.js';

export const WORKFLOWS_PATH = '/ai/duo_workflows/workflows';
const WORKFLOWS_BATCH_PATH = `${WORKFLOWS_PATH}/batch`;

/**
 * Workflow creations: one request out at a time, so that the threads a graph runner starts together
 * — whose first puts each create a workflow — wait for one request instead of one each.
 */
export const DEFAULT_CREATION_LIMITS: BatchLimits = { maxItems: 100, maxBytes: 1024 * 1024, maxInFlight: 1 };

/**
 * Maps LangGraph thread ids to the ids of the workflows that hold them (one workflow per thread_id
 * in the project). Hits are kept for the life of the saver, so a running graph looks each thread up
 * once; misses are not, since another process may create the thread at any moment. Concurrent
 * lookups of one thread share a single request, and with `batched` the creations of different
 * threads share one too (`POST /workflows/batch`).
 */
export class WorkflowDirectory {
  private readonly known = new Map<string, Promise<number | undefined>>();
  private readonly creations: RequestBatcher<number> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly projectId: string | number,
    batched = false,
  ) {
    this.creations = batched ? new RequestBatcher<number>((items) => this.createMany(items), DEFAULT_CREATION_LIMITS) : undefined;
  }

  /** The workflow of `threadId`, or undefined when the thread has never been written. */
  find(threadId: string): Promise<number | undefined> {
    return this.remember(threadId, async () => {
      const { body } = await this.http.request<WorkflowItem[]>('GET', WORKFLOWS_PATH, {
        query: { project_id: this.projectId, thread_id: threadId, per_page: 1 },
      });
      return body.find((workflow) => workflow.thread_id === threadId)?.id;
    });
  }

  /** The workflow of `threadId`, created on first use (`if_exists: do_nothing` makes that idempotent). */
  async ensure(threadId: string): Promise<number> {
    const found = await this.known.get(threadId);
    if (found !== undefined) return found;
    const created = await this.remember(threadId, async () => {
      const goal = `LangGraph thread ${threadId}`;
      if (this.creations) return this.creations.submit(JSON.stringify({ thread_id: threadId, goal }));
      const { body } = await this.http.request<WorkflowItem>('POST', WORKFLOWS_PATH, {
        body: { project_id: this.projectId, thread_id: threadId, if_exists: 'do_nothing', goal },
      });
      return body.id;
    });
    return created!;
  }

  /** The workflows of several threads (items: `{thread_id, goal}` as JSON), found or created, in order. */
  private async createMany(items: string[]): Promise<number[]> {
    const json = `{"project_id":${JSON.stringify(this.projectId)},"workflows":[${items.join(',')}]}`;
    const { body } = await this.http.request<WorkflowItem[]>('POST', WORKFLOWS_BATCH_PATH, { json });
    return oneAnswerPerItem(body, items.length, 'workflows', WORKFLOWS_BATCH_PATH).map((workflow) => workflow.id);
  }

  /** After deleting a thread, or when a cached workflow turned out to be gone. */
  forget(threadId: string): void {
    this.known.delete(threadId);
  }

  /**
   * After a read through `staleId` found nothing: asks again, in case another process deleted the
   * thread and wrote it anew. The thread's current workflow if that is another one, else undefined.
   */
  async replacement(threadId: string, staleId: number): Promise<number | undefined> {
    if ((await this.known.get(threadId)) === staleId) this.forget(threadId);
    const current = await this.find(threadId);
    return current === staleId ? undefined : current;
  }

  private remember(threadId: string, lookup: () => Promise<number | undefined>): Promise<number | undefined> {
    const pending = this.known.get(threadId);
    if (pending) return pending;
    const result = lookup();
    this.known.set(threadId, result);
    // Keep only hits: a miss or a failure must be asked again next time.
    result.then(
      (id) => id === undefined && this.known.get(threadId) === result && this.known.delete(threadId),
      () => this.known.get(threadId) === result && this.known.delete(threadId),
    );
    return result;
  }
}
