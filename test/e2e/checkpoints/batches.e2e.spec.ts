import { b64, checkpointId, langgraphCheckpoint, postCheckpoint } from '../../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from '../../support/workflow-fixtures.js';

const BATCH = '/api/v4/ai/duo_workflows/checkpoints/batch';
const LOOKUP = '/api/v4/ai/duo_workflows/checkpoints/lookup';

describe('checkpoint batches: many checkpoints of many workflows in one request', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let projectId: string;
  let first: number;
  let second: number;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    const owner = await workflowOwner(t);
    ({ auth } = owner);
    projectId = owner.project.id;
    first = (await createWorkflow(t, auth, { project_id: projectId })).id;
    second = (await createWorkflow(t, auth, { project_id: projectId })).id;
  });
  afterAll(() => t.close());

  const item = (workflowId: number, n: number, values: Record<string, unknown>, parent?: number) => ({
    workflow_id: String(workflowId),
    thread_ts: checkpointId(n),
    parent_ts: parent === undefined ? null : checkpointId(parent),
    metadata: { source: 'loop', step: n },
    checkpoint: langgraphCheckpoint(checkpointId(n), values, Object.fromEntries(Object.keys(values).map((key) => [key, n]))),
  });
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('stores every checkpoint and answers one result per item, in order, as the single route would', async () => {
    const response = await t.http
      .post(BATCH)
      .set(auth)
      .send({ checkpoints: [item(first, 1, { a: 'one' }), item(second, 1, { a: 'two' })] });
    expect(response.status).toBe(200);
    expect(response.body.results).toEqual([
      { status: 201, id: expect.any(Number), thread_ts: checkpointId(1), parent_ts: null, checkpoint_ns: '' },
      { status: 201, id: expect.any(Number), thread_ts: checkpointId(1), parent_ts: null, checkpoint_ns: '' },
    ]);
    const one = await t.http.get(`${WORKFLOWS}/${first}/checkpoints/latest`).set(auth);
    const two = await t.http.get(`${WORKFLOWS}/${second}/checkpoints/latest`).set(auth);
    expect(one.body.checkpoint.channel_values).toEqual({ a: 'one' });
    expect(two.body.checkpoint.channel_values).toEqual({ a: 'two' });
  });

  it('writes the items of one thread in the order given, so a child finds the parent sent beside it', async () => {
    // The child sends no value for `a`: it resolves through its parent, which is in the same batch.
    const child = { ...item(first, 2, {}, 1), checkpoint: langgraphCheckpoint(checkpointId(2), {}, { a: 1 }) };
    const response = await t.http.post(BATCH).set(auth).send({ checkpoints: [item(first, 1, { a: 'kept' }), child] });
    expect(response.body.results.map((result: { status: number }) => result.status)).toEqual([201, 201]);
    const latest = await t.http.get(`${WORKFLOWS}/${first}/checkpoints/latest`).set(auth);
    expect(latest.body).toMatchObject({ thread_ts: checkpointId(2), parent_ts: checkpointId(1) });
    expect(latest.body.checkpoint.channel_values).toEqual({ a: 'kept' });
  });

  it('stores the list elements of several checkpoints in one batch and reads each list back exactly', async () => {
    // Lists of 512 bytes and more are stored as elements; two checkpoints bring theirs together.
    const list = (who: string, from: number) => Array.from({ length: 12 }, (_, i) => ({ id: `${who}-${from + i}`, text: `${who} says ${'x'.repeat(40 + i)}` }));
    const first1 = item(first, 1, { messages: list('ann', 0) });
    const second1 = item(second, 1, { messages: list('bob', 0) });
    await t.http.post(BATCH).set(auth).send({ checkpoints: [first1, second1] }).expect(200);
    // The next step shares most elements with its parent: only the new ones are stored.
    const first2 = item(first, 2, { messages: [...list('ann', 0), ...list('ann', 12)] }, 1);
    const second2 = item(second, 2, { messages: [...list('bob', 0), ...list('bob', 12)] }, 1);
    const elementsBefore = await count('duo_workflows_checkpoint_elements');
    await t.http.post(BATCH).set(auth).send({ checkpoints: [first2, second2] }).expect(200);
    expect(await count('duo_workflows_checkpoint_elements')).toBe(elementsBefore + 24);
    for (const [id, sent] of [[first, first2], [second, second2]] as const) {
      const read = await t.http.get(`${WORKFLOWS}/${id}/checkpoints/latest`).set(auth);
      expect(read.body.checkpoint.channel_values).toEqual(sent.checkpoint.channel_values);
    }
  });

  it('answers an identical re-send with 200 for that item and stores nothing twice', async () => {
    await t.http.post(BATCH).set(auth).send({ checkpoints: [item(first, 1, { a: 'x' })] }).expect(200);
    const again = await t.http.post(BATCH).set(auth).send({ checkpoints: [item(first, 1, { a: 'x' }), item(second, 1, { a: 'y' })] });
    expect(again.body.results.map((result: { status: number }) => result.status)).toEqual([200, 201]);
    expect(await count('duo_workflows_checkpoints')).toBe(2);
  });

  it("answers 404 for a workflow the caller may not see and stores the other items", async () => {
    const stranger = await workflowOwner(t);
    const theirs = (await createWorkflow(t, stranger.auth, { project_id: stranger.project.id })).id;
    const response = await t.http
      .post(BATCH)
      .set(auth)
      .send({ checkpoints: [item(theirs, 1, { a: 'no' }), item(first, 1, { a: 'yes' }), item(999999, 1, { a: 'none' })] });
    expect(response.status).toBe(200);
    expect(response.body.results[0]).toEqual({ status: 404, message: '404 Workflow Not Found' });
    expect(response.body.results[1]).toMatchObject({ status: 201 });
    expect(response.body.results[2]).toEqual({ status: 404, message: '404 Workflow Not Found' });
    expect(await count('duo_workflows_checkpoints')).toBe(1);
    const theirLatest = await t.http.get(`${WORKFLOWS}/${theirs}/checkpoints/latest`).set(stranger.auth);
    expect(theirLatest.status).toBe(404);
  });

  it.each([
    ['no list', {}, /checkpoints must be an array/],
    ['an empty list', { checkpoints: [] }, /checkpoints must contain at least 1 elements/],
    ['more than 100 items', { checkpoints: Array.from({ length: 101 }, () => ({})) }, /checkpoints must contain no more than 100 elements/],
    ['an item that is not an object', { checkpoints: ['x'] }, /each value in checkpoints must be an object/],
    ['an item without thread_ts', { checkpoints: [{ workflow_id: '1', metadata: {}, checkpoint: {} }] }, /checkpoints\[0\]\.thread_ts must be a string/],
    ['an item with a bad workflow_id', { checkpoints: [{ workflow_id: 'x', thread_ts: 'a', metadata: {}, checkpoint: {} }] }, /checkpoints\[0\]\.workflow_id must be a workflow id/],
    ['an unknown field', { checkpoints: [], extra: 1 }, /property extra should not exist/],
  ])('refuses %s with 400', async (_case, body, message) => {
    const response = await t.http.post(BATCH).set(auth).send(body);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
  });

  it('refuses the whole batch (400, nothing stored) when one item holds content that is not valid', async () => {
    const bad = { ...item(second, 1, { a: 'x' }), metadata: { text: 'nul \u0000' } };
    const response = await t.http.post(BATCH).set(auth).send({ checkpoints: [item(first, 1, { a: 'ok' }), bad] });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/checkpoints\[1\]: metadata must not contain/);
    expect(await count('duo_workflows_checkpoints')).toBe(0);
  });

  it('takes serializer blobs as the single route does', async () => {
    const blobItem = { ...item(first, 1, {}), channel_blobs: [{ channel: 'raw', version: 1, type: 'bytes', data: b64('\u0001\u0002') }] };
    blobItem.checkpoint = langgraphCheckpoint(checkpointId(1), {}, { raw: 1 });
    await t.http.post(BATCH).set(auth).send({ checkpoints: [blobItem] }).expect(200);
    const read = await t.http.get(`${WORKFLOWS}/${first}/checkpoints/latest?channel_values=blobs`).set(auth);
    expect(read.body.channel_blobs).toEqual([{ channel: 'raw', version: 1, type: 'bytes', data: b64('\u0001\u0002') }]);
  });

  describe('lookup', () => {
    beforeEach(async () => {
      await postCheckpoint(t, auth, first, { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), { a: 'old' }, { a: 1 }) });
      await postCheckpoint(t, auth, first, { thread_ts: checkpointId(2), parent_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(2), { a: 'new' }, { a: 2 }) });
      await postCheckpoint(t, auth, second, { thread_ts: checkpointId(5), checkpoint: langgraphCheckpoint(checkpointId(5), { b: 'two' }, { b: 1 }) });
    });

    it('reads latest and by-thread_ts checkpoints of several workflows, each as its single route answers', async () => {
      const response = await t.http
        .post(LOOKUP)
        .set(auth)
        // A workflow id may come as a number too, as workflows' ids are in their JSON.
      .send({ lookups: [{ workflow_id: String(first) }, { workflow_id: String(first), thread_ts: checkpointId(1) }, { workflow_id: second, checkpoint_ns: '' }] });
      expect(response.status).toBe(200);
      const singles = await Promise.all([
        t.http.get(`${WORKFLOWS}/${first}/checkpoints/latest`).set(auth),
        t.http.get(`${WORKFLOWS}/${first}/checkpoints/by_thread_ts?thread_ts=${checkpointId(1)}`).set(auth),
        t.http.get(`${WORKFLOWS}/${second}/checkpoints/latest`).set(auth),
      ]);
      expect(response.body.results).toEqual(singles.map((single) => ({ status: 200, checkpoint: single.body })));
    });

    it('answers 404 per item for a missing checkpoint or a workflow the caller may not see', async () => {
      const stranger = await workflowOwner(t);
      const response = await t.http
        .post(LOOKUP)
        .set(stranger.auth)
        .send({ lookups: [{ workflow_id: String(first) }] });
      expect(response.body.results).toEqual([{ status: 404, message: '404 Workflow Not Found' }]);
      const missing = await t.http
        .post(LOOKUP)
        .set(auth)
        .send({ lookups: [{ workflow_id: String(first), checkpoint_ns: 'sub' }, { workflow_id: String(second), thread_ts: checkpointId(9) }] });
      expect(missing.body.results).toEqual([
        { status: 404, message: '404 Checkpoint Not Found' },
        { status: 404, message: '404 Checkpoint Not Found' },
      ]);
    });

    it('gives the serializer bytes with channel_values=blobs', async () => {
      const response = await t.http
        .post(LOOKUP)
        .set(auth)
        .send({ channel_values: 'blobs', lookups: [{ workflow_id: String(second) }] });
      expect(response.body.results[0].checkpoint.channel_blobs).toEqual([{ channel: 'b', version: 1, type: 'json', data: b64('"two"') }]);
      expect(response.body.results[0].checkpoint.checkpoint.channel_values).toBeUndefined();
    });

    it.each([
      ['an empty list', { lookups: [] }],
      ['a bad workflow_id', { lookups: [{ workflow_id: '0' }] }],
      ['an unknown field in an item', { lookups: [{ workflow_id: '1', extra: true }] }],
    ])('refuses %s with 400', async (_case, body) => {
      expect((await t.http.post(LOOKUP).set(auth).send(body)).status).toBe(400);
    });
  });
});
