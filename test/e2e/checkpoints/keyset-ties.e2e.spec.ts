import { checkpointId, langgraphCheckpoint, postCheckpoint } from '../../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from '../../support/workflow-fixtures.js';

// Regression: the keyset cursor was the last row's thread_ts alone, so rows sharing that thread_ts
// (one id in several namespaces of a workflow, or in several workflows of a cross-thread listing)
// that fell on the next page were skipped. The cursor now carries the row's full position.
const nextLink = (link: string | undefined) => /<([^>]+)>; rel="next"/.exec(link ?? '')?.[1];

describe('checkpoints: keyset pages over rows that share a thread_ts', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof workflowOwner>>;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    owner = await workflowOwner(t);
  });
  afterAll(() => t.close());

  const seed = (workflowId: number, n: number, ns = '') =>
    postCheckpoint(t, owner.auth, workflowId, { thread_ts: checkpointId(n), checkpoint_ns: ns, checkpoint: langgraphCheckpoint(checkpointId(n), {}, {}) });

  /** Every row of a listing, one per page, following Link rel="next". */
  async function walk(path: string, query: Record<string, string | number>): Promise<string[]> {
    const seen: string[] = [];
    let url: string | undefined = `${path}?${new URLSearchParams({ ...query, pagination: 'keyset', per_page: '1' } as Record<string, string>)}`;
    while (url) {
      const response = await t.http.get(url.replace(/^https?:\/\/[^/]+/, '')).set(owner.auth);
      expect(response.status).toBe(200);
      seen.push(...response.body.map((c: { workflow_id: number; checkpoint_ns: string; thread_ts: string }) => `${c.workflow_id}/${c.checkpoint_ns}/${c.thread_ts}`));
      url = nextLink(response.headers.link);
    }
    return seen;
  }

  it('lists every namespace of one thread_ts in a workflow', async () => {
    const { id } = await createWorkflow(t, owner.auth, { project_id: owner.project.id, thread_id: 'ties' });
    await seed(id, 1);
    for (const ns of ['', 'a:1', 'b:2']) await seed(id, 2, ns);
    await seed(id, 3);

    expect(await walk(`${WORKFLOWS}/${id}/checkpoints`, {})).toEqual([
      `${id}//${checkpointId(3)}`,
      `${id}/b:2/${checkpointId(2)}`,
      `${id}/a:1/${checkpointId(2)}`,
      `${id}//${checkpointId(2)}`,
      `${id}//${checkpointId(1)}`,
    ]);
  });

  it('lists the same thread_ts of several workflows across threads, and keeps the caller’s own before', async () => {
    const first = await createWorkflow(t, owner.auth, { project_id: owner.project.id, thread_id: 'one' });
    const second = await createWorkflow(t, owner.auth, { project_id: owner.project.id, thread_id: 'two' });
    for (const workflow of [first, second]) for (const n of [1, 2, 3]) await seed(workflow.id, n);

    const rows = await walk('/api/v4/ai/duo_workflows/checkpoints', { project_id: owner.project.id, before: checkpointId(3) });

    expect(rows).toEqual([
      `${second.id}//${checkpointId(2)}`,
      `${first.id}//${checkpointId(2)}`,
      `${second.id}//${checkpointId(1)}`,
      `${first.id}//${checkpointId(1)}`,
    ]);
  });

  it('rejects a malformed position', async () => {
    const { id } = await createWorkflow(t, owner.auth, { project_id: owner.project.id, thread_id: 'bad' });
    const response = await t.http.get(`${WORKFLOWS}/${id}/checkpoints`).query({ before: checkpointId(1), before_position: 'nope' }).set(owner.auth);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('before_position');
  });
});
