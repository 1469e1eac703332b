import { deflateSync, inflateSync } from 'node:zlib';
import { checkpointId, freshWorkflow, langgraphCheckpoint, postCheckpoint } from '../../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from '../../support/workflow-fixtures.js';

const ENTITY_KEYS = ['channel_blobs', 'checkpoint', 'checkpoint_ns', 'checkpoint_writes', 'created_at', 'id', 'metadata', 'parent_ts', 'thread_ts', 'workflow_id'];

describe('checkpoints: store and read', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let workflowId: number;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    ({ auth, workflowId, base } = await freshWorkflow(t));
  });
  afterAll(() => t.close());

  const rowCount = async (table: string) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('stores a checkpoint (201) and reads it back whole, with the exact key set', async () => {
    const checkpoint = langgraphCheckpoint(checkpointId(1), { messages: ['hi'], count: 1 }, { messages: 1, count: 1 });
    const created = await t.http.post(base).set(auth).send({ thread_ts: checkpointId(1), metadata: { source: 'input', step: -1 }, checkpoint });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), thread_ts: checkpointId(1), parent_ts: null, checkpoint_ns: '' });

    const latest = await t.http.get(`${base}/latest`).set(auth);
    expect(latest.status).toBe(200);
    expect(Object.keys(latest.body).sort()).toEqual(ENTITY_KEYS);
    expect(latest.body).toMatchObject({ id: created.body.id, workflow_id: workflowId, thread_ts: checkpointId(1), parent_ts: null, checkpoint_ns: '' });
    expect(latest.body.checkpoint).toEqual(checkpoint);
    expect(latest.body.metadata).toEqual({ source: 'input', step: -1 });
    expect(latest.body.checkpoint_writes).toEqual([]);
  });

  it('answers an identical re-send with 200 and the stored row, storing nothing twice', async () => {
    const body = { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), { a: 'x' }, { a: 1 }) };
    const first = await postCheckpoint(t, auth, workflowId, body);
    const blobsBefore = await rowCount('duo_workflows_checkpoint_blobs');
    const again = await postCheckpoint(t, auth, workflowId, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await rowCount('duo_workflows_checkpoints')).toBe(1);
    expect(await rowCount('duo_workflows_checkpoint_blobs')).toBe(blobsBefore);
  });

  it('replaces a re-sent checkpoint with other content (200), as LangGraph savers upsert', async () => {
    await postCheckpoint(t, auth, workflowId, { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), { a: 'old' }, { a: 1 }) });
    const replaced = await postCheckpoint(t, auth, workflowId, {
      thread_ts: checkpointId(1),
      metadata: { source: 'update', step: 1 },
      checkpoint: langgraphCheckpoint(checkpointId(1), { a: 'new' }, { a: 2 }),
    });
    expect(replaced.status).toBe(200);
    const read = await t.http.get(`${base}/latest`).set(auth);
    expect(read.body.checkpoint.channel_values).toEqual({ a: 'new' });
    expect(read.body.metadata).toEqual({ source: 'update', step: 1 });
    expect(await rowCount('duo_workflows_checkpoints')).toBe(1);
  });

  it('stores one row for parallel identical POSTs', async () => {
    const body = { thread_ts: checkpointId(7), checkpoint: langgraphCheckpoint(checkpointId(7), { a: [1, 2, 3] }, { a: 1 }) };
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.http.post(base).set(auth).send({ metadata: {}, ...body })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await rowCount('duo_workflows_checkpoints')).toBe(1);
    expect(await rowCount('duo_workflows_checkpoint_blobs')).toBe(1);
    const read = await t.http.get(`${base}/latest`).set(auth);
    expect(read.body.checkpoint.channel_values).toEqual({ a: [1, 2, 3] });
  });

  it('accepts a compressed checkpoint and serves one on request', async () => {
    const checkpoint = langgraphCheckpoint(checkpointId(1), { plan: { steps: ['a', 'b'] } }, { plan: 3 });
    const compressed = deflateSync(JSON.stringify(checkpoint)).toString('base64');
    const created = await t.http.post(base).set(auth).send({ thread_ts: checkpointId(1), metadata: {}, compressed_checkpoint: compressed });
    expect(created.status).toBe(201);
    const plain = await t.http.get(`${base}/latest`).set(auth);
    expect(plain.body.checkpoint).toEqual(checkpoint);
    const packed = await t.http.get(`${base}/latest?accept_compressed=true`).set(auth);
    expect(packed.body.checkpoint).toBeUndefined();
    expect(JSON.parse(inflateSync(Buffer.from(packed.body.compressed_checkpoint, 'base64')).toString())).toEqual(checkpoint);
  });

  it('serves serializer bytes with channel_values=blobs, and non-JSON blobs beside inline values', async () => {
    const raw = Buffer.from([0, 1, 2, 255]).toString('base64');
    await postCheckpoint(t, auth, workflowId, {
      thread_ts: checkpointId(1),
      checkpoint: langgraphCheckpoint(checkpointId(1), { text: 'hello' }, { text: 1, raw: 1 }),
      channel_blobs: [{ channel: 'raw', version: 1, type: 'bytes', data: raw }],
    });
    const inline = await t.http.get(`${base}/latest`).set(auth);
    expect(inline.body.checkpoint.channel_values).toEqual({ text: 'hello' });
    expect(inline.body.channel_blobs).toEqual([{ channel: 'raw', version: 1, type: 'bytes', data: raw }]);
    const blobs = await t.http.get(`${base}/latest?channel_values=blobs`).set(auth);
    expect(blobs.body.checkpoint.channel_values).toBeUndefined();
    expect(blobs.body.channel_blobs).toEqual(
      expect.arrayContaining([
        { channel: 'raw', version: 1, type: 'bytes', data: raw },
        { channel: 'text', version: 1, type: 'json', data: Buffer.from('"hello"').toString('base64') },
      ]),
    );
  });

  it('round-trips values containing \\u0000 exactly, and refuses NUL in metadata with 400', async () => {
    const tricky = { text: 'before\u0000after', key: { 'nul\u0000key': 'v' } };
    await postCheckpoint(t, auth, workflowId, { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), tricky, { text: 1, key: 1 }) });
    const read = await t.http.get(`${base}/latest`).set(auth);
    expect(read.body.checkpoint.channel_values).toEqual(tricky);

    const bad = await t.http.post(base).set(auth).send({
      thread_ts: checkpointId(2),
      metadata: { note: 'a\u0000b' },
      checkpoint: langgraphCheckpoint(checkpointId(2), {}, {}),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^400 Bad request - metadata must not contain/);
    expect(await rowCount('duo_workflows_checkpoints')).toBe(1);
  });

  it.each([
    [{ metadata: {}, checkpoint: {} }, /thread_ts/],
    [{ thread_ts: '', metadata: {}, checkpoint: {} }, /thread_ts must be longer than or equal to 1/],
    [{ thread_ts: 'x'.repeat(256), metadata: {}, checkpoint: {} }, /thread_ts must be shorter than or equal to 255/],
    [{ thread_ts: 'a', checkpoint: {} }, /metadata must be an object/],
    [{ thread_ts: 'a', metadata: [], checkpoint: {} }, /metadata must be an object/],
    [{ thread_ts: 'a', metadata: {} }, /exactly one of checkpoint and compressed_checkpoint/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: {}, compressed_checkpoint: 'eJyrrgUAAXUA+Q==' }, /exactly one of checkpoint and compressed_checkpoint/],
    [{ thread_ts: 'a', metadata: {}, compressed_checkpoint: 'bm90IHpsaWI=' }, /compressed_checkpoint must be base64 of zlib/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: { channel_versions: [] } }, /checkpoint.channel_versions must be an object/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: { channel_values: 'x' } }, /checkpoint.channel_values must be an object/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: {}, parent_ts: 7 }, /parent_ts must be a string/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: {}, checkpoint_ns: 'n'.repeat(4097) }, /checkpoint_ns must be shorter/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: {}, unknown_field: 1 }, /property unknown_field should not exist/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: {}, channel_blobs: [{ channel: 'c', version: 1, type: 'json' }] }, /channel_blobs.0.data must be base64/],
    [{ thread_ts: 'a', metadata: {}, checkpoint: {}, channel_blobs: [{ channel: 'c', version: {}, type: 'json', data: 'e30=' }] }, /version must be a string .* or a finite number/],
    [
      { thread_ts: 'a', metadata: {}, checkpoint: { channel_values: { c: 1 }, channel_versions: { c: 1 } }, channel_blobs: [{ channel: 'c', version: 1, type: 'json', data: 'MQ==' }] },
      /channel c is given twice/,
    ],
  ])('answers 400 naming the field (case %#)', async (body, message) => {
    const response = await t.http.post(base).set(auth).send(body);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^400 Bad request - /);
    expect(response.body.message).toMatch(message);
    expect(await rowCount('duo_workflows_checkpoints')).toBe(0);
  });

  it('refuses metadata nested deeper than 100 levels and a body nested 100,000 levels, never a 500', async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) deep = { d: deep };
    const tooDeep = await t.http.post(base).set(auth).send({ thread_ts: 'a', metadata: deep, checkpoint: {} });
    expect(tooDeep.status).toBe(400);
    const abyss = '{"thread_ts":"a","checkpoint":{},"metadata":' + '{"d":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}';
    const response = await t.http.post(base).set(auth).set('Content-Type', 'application/json').send(abyss);
    expect(response.status).toBe(400);
  });

  it('finds checkpoints by thread_ts and by id, per namespace; 404 when absent', async () => {
    const root = await postCheckpoint(t, auth, workflowId, { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), { a: 1 }, { a: 1 }) });
    await postCheckpoint(t, auth, workflowId, { thread_ts: checkpointId(2), checkpoint_ns: 'sub:1', checkpoint: langgraphCheckpoint(checkpointId(2), { b: 2 }, { b: 1 }) });

    const byTs = await t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(1) }).set(auth);
    expect(byTs.body.id).toBe(root.body.id);
    const inNs = await t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(2), checkpoint_ns: 'sub:1' }).set(auth);
    expect(inNs.body.checkpoint.channel_values).toEqual({ b: 2 });
    expect((await t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(2) }).set(auth)).status).toBe(404);
    expect((await t.http.get(`${base}/by_thread_ts`).set(auth)).status).toBe(400);

    expect((await t.http.get(`${base}/${root.body.id}`).set(auth)).body.thread_ts).toBe(checkpointId(1));
    const missing = await t.http.get(`${base}/999999`).set(auth);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: '404 Checkpoint Not Found' });
    expect((await t.http.get(`${base}/not-a-number`).set(auth)).status).toBe(404);
    expect((await t.http.get(`${base}/latest`).query({ checkpoint_ns: 'sub:1' }).set(auth)).body.thread_ts).toBe(checkpointId(2));
    expect((await t.http.get(`${base}/latest`).query({ checkpoint_ns: 'nothing' }).set(auth)).status).toBe(404);
  });

  it('does not show a checkpoint through another workflow', async () => {
    const saved = await postCheckpoint(t, auth, workflowId, { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), {}, {}) });
    const owner = await workflowOwner(t);
    const other = await createWorkflow(t, owner.auth, { project_id: owner.project.id });
    const response = await t.http.get(`${WORKFLOWS}/${other.id}/checkpoints/${saved.body.id}`).set(owner.auth);
    expect(response.status).toBe(404);
  });
});
