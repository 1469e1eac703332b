import { checkpointId, langgraphCheckpoint, postCheckpoint } from '../../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from '../../support/workflow-fixtures.js';

const nextLink = (link: string | undefined) => /<([^>]+)>; rel="next"/.exec(link ?? '')?.[1];

describe('checkpoints: listing', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof workflowOwner>>;
  let workflowId: number;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    owner = await workflowOwner(t);
    workflowId = (await createWorkflow(t, owner.auth, { project_id: owner.project.id, thread_id: 'thread-a' })).id;
    base = `${WORKFLOWS}/${workflowId}/checkpoints`;
  });
  afterAll(() => t.close());

  const seed = async (id: number, n: number, ns = '', source = 'loop') =>
    postCheckpoint(t, owner.auth, id, {
      thread_ts: checkpointId(n),
      checkpoint_ns: ns,
      metadata: { source, step: n, tags: ['x'], nested: { kind: n % 2 ? 'odd' : 'even' } },
      checkpoint: langgraphCheckpoint(checkpointId(n), { n }, { n: 1 }),
    });
  const ids = (body: { thread_ts: string }[]) => body.map((c) => c.thread_ts);

  it('lists newest first across namespaces when checkpoint_ns is omitted, the root only when it is empty', async () => {
    await seed(workflowId, 1);
    await seed(workflowId, 2, 'sub:1');
    await seed(workflowId, 3);
    expect(ids((await t.http.get(base).set(owner.auth)).body)).toEqual([checkpointId(3), checkpointId(2), checkpointId(1)]);
    expect(ids((await t.http.get(base).query({ checkpoint_ns: '' }).set(owner.auth)).body)).toEqual([checkpointId(3), checkpointId(1)]);
    expect(ids((await t.http.get(base).query({ checkpoint_ns: 'sub:1' }).set(owner.auth)).body)).toEqual([checkpointId(2)]);
  });

  it('filters by before and by metadata containment', async () => {
    for (let n = 1; n <= 6; n++) await seed(workflowId, n, '', n <= 2 ? 'input' : 'loop');
    const before = await t.http.get(base).query({ before: checkpointId(4) }).set(owner.auth);
    expect(ids(before.body)).toEqual([checkpointId(3), checkpointId(2), checkpointId(1)]);
    const input = await t.http.get(base).query({ filter: JSON.stringify({ source: 'input' }) }).set(owner.auth);
    expect(ids(input.body)).toEqual([checkpointId(2), checkpointId(1)]);
    const step = await t.http.get(base).query({ filter: JSON.stringify({ source: 'loop', step: 5 }) }).set(owner.auth);
    expect(ids(step.body)).toEqual([checkpointId(5)]);
    const nested = await t.http.get(base).query({ filter: JSON.stringify({ nested: { kind: 'odd' } }) }).set(owner.auth);
    expect(ids(nested.body)).toEqual([checkpointId(5), checkpointId(3), checkpointId(1)]);
    const none = await t.http.get(base).query({ filter: JSON.stringify({ step: '5' }) }).set(owner.auth);
    expect(none.body).toEqual([]);
  });

  it.each([['not json'], ['[1,2]'], ['"text"'], ['{"a":"\\u0000"}']])('answers 400 for filter=%s', async (filter) => {
    const response = await t.http.get(base).query({ filter }).set(owner.auth);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/filter must be a JSON object/);
  });

  it('paginates by offset with GitLab headers', async () => {
    for (let n = 1; n <= 5; n++) await seed(workflowId, n);
    const page2 = await t.http.get(base).query({ per_page: 2, page: 2 }).set(owner.auth);
    expect(ids(page2.body)).toEqual([checkpointId(3), checkpointId(2)]);
    expect(page2.headers).toMatchObject({
      'x-page': '2',
      'x-per-page': '2',
      'x-next-page': '3',
      'x-prev-page': '1',
      'x-total': '5',
      'x-total-pages': '3',
    });
    expect(page2.headers.link).toContain('rel="next"');
    expect(page2.headers.link).toContain('rel="prev"');
    expect(page2.headers.link).toContain('rel="last"');
    const last = await t.http.get(base).query({ per_page: 2, page: 3 }).set(owner.auth);
    expect(last.headers['x-next-page']).toBe('');
  });

  it('walks a long thread with keyset pagination, following Link rel="next"', async () => {
    const count = 230;
    for (let n = 1; n <= count; n++) {
      await t.dataSource.query(
        `INSERT INTO duo_workflows_checkpoints (workflow_id, project_id, user_id, thread_ts, checkpoint, metadata, content_hash)
         VALUES ($1, $2, $3, $4, $5, '{}', '\\x00')`,
        [workflowId, owner.project.id, owner.user.id, checkpointId(n), Buffer.from(JSON.stringify({ v: 4, id: checkpointId(n) }))],
      );
    }
    const seen: string[] = [];
    let url: string | undefined = `${base}?pagination=keyset&per_page=100`;
    let pages = 0;
    while (url) {
      const response = await t.http.get(url.replace(/^https?:\/\/[^/]+/, '')).set(owner.auth);
      expect(response.status).toBe(200);
      expect(response.headers['x-total']).toBeUndefined();
      seen.push(...ids(response.body));
      url = nextLink(response.headers.link);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => checkpointId(count - i)));
  });

  it('caps per_page at 100', async () => {
    const response = await t.http.get(base).query({ per_page: 500 }).set(owner.auth);
    expect(response.headers['x-per-page']).toBe('100');
  });

  it("lists across threads: all of the caller's workflows in the project, each naming its thread", async () => {
    const second = await createWorkflow(t, owner.auth, { project_id: owner.project.id, thread_id: 'thread-b' });
    const stranger = await workflowOwner(t);
    const strangers = await createWorkflow(t, stranger.auth, { project_id: stranger.project.id });
    await seed(workflowId, 1);
    await seed(second.id, 2, 'sub:1');
    await seed(workflowId, 3, '', 'input');
    await postCheckpoint(t, stranger.auth, strangers.id, { thread_ts: checkpointId(5), checkpoint: langgraphCheckpoint(checkpointId(5), {}, {}) });

    const all = await t.http.get('/api/v4/ai/duo_workflows/checkpoints').query({ project_id: owner.project.id }).set(owner.auth);
    expect(all.status).toBe(200);
    expect(all.body.map((c: { thread_ts: string; thread_id: string; workflow_id: number }) => [c.thread_ts, c.thread_id, c.workflow_id])).toEqual([
      [checkpointId(3), 'thread-a', workflowId],
      [checkpointId(2), 'thread-b', second.id],
      [checkpointId(1), 'thread-a', workflowId],
    ]);
    const filtered = await t.http
      .get('/api/v4/ai/duo_workflows/checkpoints')
      .query({ project_id: owner.project.id, checkpoint_ns: '', before: checkpointId(3), pagination: 'keyset', per_page: 1 })
      .set(owner.auth);
    expect(ids(filtered.body)).toEqual([checkpointId(1)]);

    const byPath = await t.http
      .get('/api/v4/ai/duo_workflows/checkpoints')
      .query({ project_id: `${owner.project.namespacePath}/${owner.project.path}` })
      .set(owner.auth);
    expect(byPath.body).toHaveLength(3);
    expect((await t.http.get('/api/v4/ai/duo_workflows/checkpoints').set(owner.auth)).status).toBe(400);
    expect((await t.http.get('/api/v4/ai/duo_workflows/checkpoints').query({ project_id: stranger.project.id }).set(owner.auth)).status).toBe(404);
  });
});
