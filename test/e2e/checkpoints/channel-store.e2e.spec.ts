import { b64, checkpointId, freshWorkflow, langgraphCheckpoint, postCheckpoint } from '../../support/checkpoint-fixtures.js';
import { ELEMENT_STATEMENT_BYTES } from '../../../src/checkpoints/store/element-store.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { WORKFLOWS } from '../../support/workflow-fixtures.js';

/** How channel values are stored and resolved: ancestry, forks, dedupe, pending writes, history. */
describe('checkpoints: the channel-value store', () => {
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

  /** A checkpoint that carries only `blobs` (JSON values) and lists `versions`, as LangGraph clients send it. */
  const put = (n: number, parent: number | null, versions: Record<string, number>, carried: Record<string, unknown>, ns = '') =>
    postCheckpoint(t, auth, workflowId, {
      thread_ts: checkpointId(n),
      parent_ts: parent === null ? null : checkpointId(parent),
      checkpoint_ns: ns,
      checkpoint: { ...langgraphCheckpoint(checkpointId(n), {}, versions), channel_values: undefined },
      channel_blobs: Object.entries(carried).map(([channel, value]) => ({
        channel,
        version: versions[channel],
        type: 'json',
        data: b64(JSON.stringify(value)),
      })),
    });
  const valuesOf = async (n: number, ns = '') =>
    (await t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(n), checkpoint_ns: ns }).set(auth)).body.checkpoint
      .channel_values;
  /** Value bytes stored: whole values, list elements, and the element id lists that reference them. */
  const bytesStored = async () =>
    Number(
      (
        await t.dataSource.query(
          `SELECT (SELECT coalesce(sum(coalesce(octet_length(data), 0) + 8 * coalesce(cardinality(elements), 0)), 0) FROM duo_workflows_checkpoint_blobs)
                + (SELECT coalesce(sum(octet_length(data)), 0) FROM duo_workflows_checkpoint_elements) AS n`,
        )
      )[0].n,
    );

  it('resolves a channel the checkpoint did not carry from its parent at the same version', async () => {
    await put(1, null, { messages: 1, step: 1 }, { messages: ['hi'], step: 1 });
    await put(2, 1, { messages: 1, step: 2 }, { step: 3 });
    expect(await valuesOf(2)).toEqual({ messages: ['hi'], step: 3 });
    expect(await valuesOf(1)).toEqual({ messages: ['hi'], step: 1 });
  });

  it('leaves out a channel whose new version carries no value (a consumed or empty channel)', async () => {
    await put(1, null, { branch: 1, items: 1 }, { branch: 'go', items: [1] });
    await put(2, 1, { branch: 2, items: 1 }, {});
    expect(await valuesOf(2)).toEqual({ items: [1] });
  });

  it('keeps each branch of a fork on its own values although version numbers collide', async () => {
    // Original branch: 1 -> 2 -> 3, writing `last` at versions 2 and 3.
    await put(1, null, { items: 1 }, { items: ['in'] });
    await put(2, 1, { items: 1, last: 2 }, { last: 'a' });
    await put(3, 2, { items: 1, last: 3 }, { last: 'b' });
    // Time travel: fork from checkpoint 2; LangGraph JS numbers the fork's write 3 again.
    await put(4, 2, { items: 1, last: 3 }, { last: 'FORKED' });
    await put(5, 4, { items: 1, last: 3, other: 4 }, { other: true });

    expect(await valuesOf(4)).toEqual({ items: ['in'], last: 'FORKED' });
    expect(await valuesOf(5)).toEqual({ items: ['in'], last: 'FORKED', other: true });
    // The original branch is untouched.
    expect(await valuesOf(3)).toEqual({ items: ['in'], last: 'b' });
    expect(await valuesOf(2)).toEqual({ items: ['in'], last: 'a' });
  });

  it('stores an unchanged value once when the client sends the full state every step', async () => {
    const transcript = Array.from({ length: 200 }, (_, i) => `message ${i}: ${'lorem ipsum dolor sit amet '.repeat(3)}`);
    await postCheckpoint(t, auth, workflowId, {
      thread_ts: checkpointId(0),
      checkpoint: langgraphCheckpoint(checkpointId(0), { transcript, step: 0 }, { transcript: 1, step: 0 }),
    });
    const afterOne = await bytesStored();
    for (let step = 1; step <= 50; step++) {
      await postCheckpoint(t, auth, workflowId, {
        thread_ts: checkpointId(step),
        parent_ts: checkpointId(step - 1),
        checkpoint: langgraphCheckpoint(checkpointId(step), { transcript, step }, { transcript: 1, step: step + 1 }),
      });
    }
    const transcriptBytes = Buffer.byteLength(JSON.stringify(transcript));
    // 50 more copies of the transcript would be ~50x; only the small step values were added.
    expect(await bytesStored()).toBeLessThan(afterOne + 50 * 16);
    expect(afterOne).toBeGreaterThanOrEqual(transcriptBytes);
    expect(await valuesOf(50)).toEqual({ transcript, step: 50 });
  });

  it('stores the elements of a growing list once: storage grows with the messages, not the square of the thread', async () => {
    const message = (i: number) => ({ role: i % 2 ? 'ai' : 'human', content: `message ${i} ${'words of prose and more words '.repeat(20)}` });
    const messages: unknown[] = [];
    for (let step = 1; step <= 40; step++) {
      messages.push(message(step));
      await put(step, step === 1 ? null : step - 1, { messages: step }, { messages });
    }
    const oneCopy = Buffer.byteLength(JSON.stringify(messages));
    // Re-storing the list at every step would be ~20x one copy. Elements are stored once; what still
    // grows with the square of the thread is 8 bytes per element id per step (~0.25x here).
    expect(await bytesStored()).toBeLessThan(oneCopy * 1.5);
    expect(await valuesOf(40)).toEqual({ messages });
    expect(await valuesOf(7)).toEqual({ messages: messages.slice(0, 7) });
  });

  it('stores a list larger than one statement of elements and gives back its exact bytes, in parts, through every read', async () => {
    // ~3 MiB of distinct elements: more than ELEMENT_STATEMENT_BYTES, so they go in several statements.
    const list = Buffer.from(JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ i, text: `${i} ${'z'.repeat(1000)}` }))));
    expect(list.length).toBeGreaterThan(2 * ELEMENT_STATEMENT_BYTES);
    await postCheckpoint(t, auth, workflowId, {
      thread_ts: checkpointId(1),
      checkpoint: { ...langgraphCheckpoint(checkpointId(1), {}, { big: 1 }), channel_values: undefined },
      channel_blobs: [{ channel: 'big', version: 1, type: 'json', data: list.toString('base64') }],
    });
    // Read back whole through every route that returns values (a value this large is sent in parts).
    for (const encoding of ['identity', 'gzip']) {
      const read = await t.http.get(`${base}/latest?channel_values=blobs`).set(auth).set('Accept-Encoding', encoding);
      expect(read.body.channel_blobs.find((b: { channel: string }) => b.channel === 'big').data).toBe(list.toString('base64'));
      if (encoding === 'identity') expect(Number(read.headers['content-length'])).toBe(Buffer.byteLength(read.text));
    }
    const looked = await t.http
      .post('/api/v4/ai/duo_workflows/checkpoints/lookup')
      .set(auth)
      .send({ channel_values: 'blobs', lookups: [{ workflow_id: workflowId }, { workflow_id: workflowId, thread_ts: checkpointId(1) }] });
    for (const result of looked.body.results) expect(result.checkpoint.channel_blobs[0].data).toBe(list.toString('base64'));
    expect(await valuesOf(1)).toEqual({ big: JSON.parse(list.toString()) });
    const [{ elements }] = await t.dataSource.query('SELECT count(*) AS elements FROM duo_workflows_checkpoint_elements WHERE workflow_id = $1', [workflowId]);
    expect(Number(elements)).toBe(3000);
  });

  it('gives back the exact bytes of a list value, and stores a list with whitespace whole', async () => {
    const compact = Buffer.from(JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ i, text: 'x'.repeat(40) }))));
    const spaced = Buffer.from(`[ ${Array.from({ length: 30 }, () => `"${'y'.repeat(40)}"`).join(' , ')} ]`);
    await postCheckpoint(t, auth, workflowId, {
      thread_ts: checkpointId(1),
      checkpoint: { ...langgraphCheckpoint(checkpointId(1), {}, { compact: 1, spaced: 1 }), channel_values: undefined },
      channel_blobs: [
        { channel: 'compact', version: 1, type: 'json', data: compact.toString('base64') },
        { channel: 'spaced', version: 1, type: 'json', data: spaced.toString('base64') },
      ],
    });
    const read = await t.http.get(`${base}/latest?channel_values=blobs`).set(auth);
    const bytes = Object.fromEntries(read.body.channel_blobs.map((b: { channel: string; data: string }) => [b.channel, b.data]));
    expect(bytes.compact).toBe(compact.toString('base64'));
    expect(bytes.spaced).toBe(spaced.toString('base64'));
    const [{ whole, split }] = await t.dataSource.query(
      'SELECT count(*) FILTER (WHERE elements IS NULL) AS whole, count(*) FILTER (WHERE elements IS NOT NULL) AS split FROM duo_workflows_checkpoint_blobs',
    );
    expect([Number(whole), Number(split)]).toEqual([1, 1]);
  });

  it('stores only the carried channels when the client sends changes only', async () => {
    await put(1, null, { a: 1, b: 1 }, { a: 'x'.repeat(1000), b: 1 });
    const before = await bytesStored();
    for (let n = 2; n <= 30; n++) await put(n, n - 1, { a: 1, b: n }, { b: n });
    expect((await bytesStored()) - before).toBeLessThan(29 * 8);
    expect(await valuesOf(30)).toEqual({ a: 'x'.repeat(1000), b: 30 });
  });

  it('resolves by version in the thread when the parent is unknown, as LangGraph savers do', async () => {
    await put(1, null, { a: 1 }, { a: 'one' });
    await put(2, null, { a: 1 }, {});
    expect(await valuesOf(2)).toEqual({ a: 'one' });
  });

  it('keeps namespaces apart', async () => {
    await put(1, null, { a: 1 }, { a: 'root' });
    await put(2, null, { a: 1 }, { a: 'child' }, 'child:1');
    expect(await valuesOf(1)).toEqual({ a: 'root' });
    expect(await valuesOf(2, 'child:1')).toEqual({ a: 'child' });
  });

  describe('pending writes', () => {
    const write = (task: string, idx: number, channel: string, value: unknown, task_path = '') => ({
      task,
      task_path,
      idx,
      channel,
      write_type: 'json',
      data: b64(JSON.stringify(value)),
    });
    const saveWrites = (threadTs: string, writes: ReturnType<typeof write>[], ns = '') =>
      t.http.post(`${WORKFLOWS}/${workflowId}/checkpoint_writes_batch`).set(auth).send({ thread_ts: threadTs, checkpoint_ns: ns, checkpoint_writes: writes });
    const writesOf = async (n: number) =>
      (await t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(n) }).set(auth)).body.checkpoint_writes.map(
        (w: { task: string; idx: number; channel: string; data: string; task_path: string }) => [
          w.task_path,
          w.task,
          w.idx,
          w.channel,
          JSON.parse(Buffer.from(w.data, 'base64').toString()),
        ],
      );

    it('accepts writes before their checkpoint exists and shows them once it does, sorted by task_path, task, idx', async () => {
      expect((await saveWrites(checkpointId(1), [write('task-b', 1, 'x', 'b1'), write('task-b', 0, 'x', 'b0')])).status).toBe(200);
      expect((await saveWrites(checkpointId(1), [write('task-a', 0, 'x', 'a0', '~b')])).body).toEqual({});
      expect((await saveWrites(checkpointId(1), [write('task-c', 0, 'x', 'c0', '~a')])).status).toBe(200);
      await put(1, null, {}, {});
      expect(await writesOf(1)).toEqual([
        ['', 'task-b', 0, 'x', 'b0'],
        ['', 'task-b', 1, 'x', 'b1'],
        ['~a', 'task-c', 0, 'x', 'c0'],
        ['~b', 'task-a', 0, 'x', 'a0'],
      ]);
    });

    it('keeps the first regular write (a retry changes nothing) and lets special writes replace', async () => {
      await put(1, null, {}, {});
      await saveWrites(checkpointId(1), [write('t', 0, 'x', 'first'), write('t', -3, '__interrupt__', 'first')]);
      await saveWrites(checkpointId(1), [write('t', 0, 'x', 'second'), write('t', -3, '__interrupt__', 'second')]);
      expect(await writesOf(1)).toEqual([
        ['', 't', -3, '__interrupt__', 'second'],
        ['', 't', 0, 'x', 'first'],
      ]);
    });

    it.each([
      [{ thread_ts: 'a', checkpoint_writes: [] }, /checkpoint_writes should not be empty/],
      [{ checkpoint_writes: [{ task: 't', idx: 0, channel: 'c', write_type: 'json', data: 'e30=' }] }, /thread_ts/],
      [{ thread_ts: 'a', checkpoint_writes: [{ task: 't', idx: 'zero', channel: 'c', write_type: 'json', data: 'e30=' }] }, /idx must be an integer/],
      [{ thread_ts: 'a', checkpoint_writes: [{ task: 't', idx: 0, channel: 'c', write_type: 'json', data: '***' }] }, /data must be base64/],
      [{ thread_ts: 'a', checkpoint_writes: [{ idx: 0, channel: 'c', write_type: 'json', data: 'e30=' }] }, /task must be a string/],
    ])('answers 400 naming the field (case %#)', async (body, message) => {
      const response = await t.http.post(`${WORKFLOWS}/${workflowId}/checkpoint_writes_batch`).set(auth).send(body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
    });

    it("migrates pending sends for checkpoints older than format 4: the parent's task writes become __pregel_tasks", async () => {
      await postCheckpoint(t, auth, workflowId, { thread_ts: checkpointId(1), checkpoint: { ...langgraphCheckpoint(checkpointId(1), {}, {}), v: 1 } });
      await saveWrites(checkpointId(1), [write('task-2', 0, '__pregel_tasks', 'send-3'), write('task-1', 0, '__pregel_tasks', 'send-1')]);
      await saveWrites(checkpointId(1), [write('task-1', 1, '__pregel_tasks', 'send-2'), write('task-1', 2, 'other', 'not a send')]);
      await postCheckpoint(t, auth, workflowId, {
        thread_ts: checkpointId(2),
        parent_ts: checkpointId(1),
        checkpoint: { ...langgraphCheckpoint(checkpointId(2), { a: 1 }, { a: 5 }), v: 1 },
      });
      const child = (await t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(2) }).set(auth)).body.checkpoint;
      expect(child.channel_values).toEqual({ a: 1, __pregel_tasks: ['send-1', 'send-2', 'send-3'] });
      expect(child.channel_versions).toEqual({ a: 5, __pregel_tasks: 5 });
      const parent = (await t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(1) }).set(auth)).body.checkpoint;
      expect(parent.channel_values).toEqual({});
    });
  });

  describe('delta_history', () => {
    const history = (n: number, channels: string[]) =>
      t.http.post(`${base}/delta_history`).set(auth).send({ thread_ts: checkpointId(n), checkpoint_ns: '', channels });
    const decode = (typed: { type: string; data: string } | null) => typed && JSON.parse(Buffer.from(typed.data, 'base64').toString());
    const writeTo = (n: number, task: string, channel: string, value: unknown) =>
      t.http.post(`${WORKFLOWS}/${workflowId}/checkpoint_writes_batch`).set(auth).send({
        thread_ts: checkpointId(n),
        checkpoint_writes: [{ task, idx: 0, channel, write_type: 'json', data: b64(JSON.stringify(value)) }],
      });

    it('walks the ancestors: writes oldest first, seeded by the nearest stored value, without the target', async () => {
      await put(1, null, { log: 1 }, { log: [0] });
      await writeTo(1, 'task1', 'log', [1]);
      await put(2, 1, { log: 2 }, {});
      await writeTo(2, 'task2', 'log', [2]);
      await put(3, 2, { log: 3 }, {});
      await writeTo(3, 'task3', 'log', ['not part of the history']);

      const response = await history(3, ['log', 'missing']);
      expect(response.status).toBe(200);
      expect(decode(response.body.log.seed)).toEqual([0]);
      expect(response.body.log.writes.map(([task, channel, value]: [string, string, never]) => [task, channel, decode(value)])).toEqual([
        ['task1', 'log', [1]],
        ['task2', 'log', [2]],
      ]);
      expect(response.body.missing).toEqual({ seed: null, writes: [] });
    });

    it('orders same-checkpoint writes by task and omits the seed when no ancestor stored one', async () => {
      await put(1, null, { log: 1 }, {});
      await writeTo(1, 'task-b', 'log', 'b');
      await writeTo(1, 'task-a', 'log', 'a');
      await put(2, 1, { log: 2 }, {});
      const response = await history(2, ['log']);
      expect(response.body.log.seed).toBeNull();
      expect(response.body.log.writes.map(([task]: [string]) => task)).toEqual(['task-a', 'task-b']);
    });

    it('answers with empty histories for an unknown checkpoint', async () => {
      const response = await history(99, ['log']);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ log: { seed: null, writes: [] } });
    });
  });
});
