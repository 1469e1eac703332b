import { createHash } from 'node:crypto';
import { b64, checkpointId, freshWorkflow, langgraphCheckpoint, postCheckpoint, type ChannelBlobBody } from '../../support/checkpoint-fixtures.js';
import { AddValueSizes1796200000000 } from '../../../migrations/1796200000000-AddValueSizes.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const BATCH = '/api/v4/ai/duo_workflows/checkpoints/batch';

/** The content id of a JSON value as api.md defines it: SHA-256 of `json`, NUL and the bytes, first 16 bytes in hex. */
const contentId = (json: string) => createHash('sha256').update('json\0').update(json).digest('hex').slice(0, 32);

/** A conversation's messages, each well over the size at which lists are stored as elements. */
const messages = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `m${i}`, content: `message ${i} ${'lorem ipsum dolor '.repeat(20)}` }));

/** A list value sent as an extension of the parent's: the appended elements, the base's id and the whole's. */
function extension(base: unknown[], whole: unknown[], version: number): ChannelBlobBody {
  return {
    channel: 'messages',
    version,
    type: 'json',
    data: b64(JSON.stringify(whole.slice(base.length))),
    base_hash: contentId(JSON.stringify(base)),
    content_hash: contentId(JSON.stringify(whole)),
  };
}

/** Lists sent as extensions of the parent's value: only the new elements travel (api.md, channel_blobs). */
describe('checkpoints: list values that extend the parent checkpoint', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let workflowId: number;
  let base: string;

  beforeAll(async () => {
    // A small body limit, so that a list grown past it by extensions is quick to build.
    t = await startTestApp({ BODY_LIMIT_MB: '1' });
  });
  beforeEach(async () => {
    ({ auth, workflowId, base } = await freshWorkflow(t));
  });
  afterAll(() => t.close());

  const body = (n: number, parent: number | null, blob: ChannelBlobBody) => ({
    thread_ts: checkpointId(n),
    parent_ts: parent === null ? null : checkpointId(parent),
    metadata: { source: 'loop', step: n },
    checkpoint: { ...langgraphCheckpoint(checkpointId(n), {}, { messages: n }), channel_values: undefined },
    channel_blobs: [blob],
  });
  const whole = (list: unknown[], version: number): ChannelBlobBody => ({ channel: 'messages', version, type: 'json', data: b64(JSON.stringify(list)) });
  const post = (payload: object) => t.http.post(base).set(auth).send(payload);
  const read = (n: number, format: 'inline' | 'blobs' = 'inline') =>
    t.http.get(`${base}/by_thread_ts`).query({ thread_ts: checkpointId(n), channel_values: format }).set(auth);
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('reads an extended list back as the whole list, byte for byte, and stores only the new elements', async () => {
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(messages(3), 1)));
    const elementsBefore = await count('duo_workflows_checkpoint_elements');
    const response = await post(body(2, 1, extension(messages(3), messages(5), 2)));
    expect(response.status).toBe(201);

    expect((await read(2)).body.checkpoint.channel_values).toEqual({ messages: messages(5) });
    const [blob] = (await read(2, 'blobs')).body.channel_blobs;
    expect(Buffer.from(blob.data, 'base64').toString('utf8')).toBe(JSON.stringify(messages(5)));
    expect(await count('duo_workflows_checkpoint_elements')).toBe(elementsBefore + 2);
    // The parent is unchanged.
    expect((await read(1)).body.checkpoint.channel_values).toEqual({ messages: messages(3) });
  });

  it('extends an extension, and recognises the same list sent whole later as the value already stored', async () => {
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(messages(2), 1)));
    await postCheckpoint(t, auth, workflowId, body(2, 1, extension(messages(2), messages(3), 2)));
    await postCheckpoint(t, auth, workflowId, body(3, 2, extension(messages(3), messages(4), 3)));
    expect((await read(3)).body.checkpoint.channel_values).toEqual({ messages: messages(4) });

    // Whole, same content and version as the parent's: the parent's value, nothing stored.
    const values = await count('duo_workflows_checkpoint_blobs');
    const sameAgain = { ...body(4, 3, whole(messages(4), 3)), checkpoint: langgraphCheckpoint(checkpointId(4), {}, { messages: 3 }) };
    await postCheckpoint(t, auth, workflowId, { ...sameAgain, checkpoint: { ...sameAgain.checkpoint, channel_values: undefined } });
    expect(await count('duo_workflows_checkpoint_blobs')).toBe(values);
    expect((await read(4)).body.checkpoint.channel_values).toEqual({ messages: messages(4) });
  });

  it('answers an identical re-send (a retry) with the stored checkpoint and stores nothing twice', async () => {
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(messages(3), 1)));
    const payload = body(2, 1, extension(messages(3), messages(4), 2));
    const first = await post(payload);
    const [values, elements] = [await count('duo_workflows_checkpoint_blobs'), await count('duo_workflows_checkpoint_elements')];
    const again = await post(payload);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect([await count('duo_workflows_checkpoint_blobs'), await count('duo_workflows_checkpoint_elements')]).toEqual([values, elements]);
  });

  it.each([
    ['another list than the parent holds', () => extension(messages(2), messages(4), 2)],
    ['a list whose content id the client got wrong', () => ({ ...extension(messages(3), messages(4), 2), base_hash: contentId('[]') })],
  ])('refuses (409, nothing stored) an extension of %s', async (_, blob) => {
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(messages(3), 1)));
    const checkpoints = await count('duo_workflows_checkpoints');
    const response = await post(body(2, 1, blob()));
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/send the whole value/);
    expect(await count('duo_workflows_checkpoints')).toBe(checkpoints);
  });

  it('refuses (409) an extension whose parent is not stored, or stored its value whole (a short list)', async () => {
    expect((await post(body(2, 1, extension(messages(3), messages(4), 2)))).status).toBe(409);
    await postCheckpoint(t, auth, workflowId, body(3, null, whole(['short'], 1)));
    expect((await post(body(4, 3, extension(['short'], ['short', 'more'], 2)))).status).toBe(409);
    expect(await count('duo_workflows_checkpoints')).toBe(1);
  });

  it.each([
    ['base_hash without content_hash', { content_hash: undefined }, /base_hash and content_hash go together/],
    ['a value that is not JSON', { type: 'bytes' }, /only a value of type json extends another/],
    ['data that is not a JSON array', { data: b64('{"a":1}') }, /data must be a JSON array/],
    ['an empty array', { data: b64('[]') }, /data must be a JSON array/],
    ['a content id in capitals', { base_hash: 'A'.repeat(32) }, /base_hash must be a content id/],
  ])('refuses (400, nothing stored) an extension with %s', async (_, change, message) => {
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(messages(3), 1)));
    const response = await post(body(2, 1, { ...extension(messages(3), messages(4), 2), ...change }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(message);
    expect(await count('duo_workflows_checkpoints')).toBe(1);
  });

  it('refuses (413, nothing stored) an extension that would grow a list past the body limit', async () => {
    const big = (count: number) => Array.from({ length: count }, (_, i) => `${i} ${'x'.repeat(1000)}`);
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(big(600), 1)));
    expect((await post(body(2, 1, extension(big(600), big(900), 2)))).status).toBe(201);
    const response = await post(body(3, 2, extension(big(900), big(1200), 3)));
    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/messages would hold a list of \d+ bytes, more than 1048576/);
    expect(await count('duo_workflows_checkpoints')).toBe(2);
  });

  it('keeps each value’s size as read back, and the migration computes it for values stored before', async () => {
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(messages(3), 1)));
    await postCheckpoint(t, auth, workflowId, body(2, 1, extension(messages(3), messages(5), 2)));
    await postCheckpoint(t, auth, workflowId, { ...body(3, 2, whole(['short'], 3)) });
    const sizes = () =>
      t.dataSource.query(`SELECT channel, version, data_bytes::int AS bytes FROM duo_workflows_checkpoint_blobs ORDER BY version`) as Promise<unknown[]>;
    const expected = [messages(3), messages(5), ['short']].map((list, i) => ({ channel: 'messages', version: String(i + 1), bytes: Buffer.byteLength(JSON.stringify(list)) }));
    expect(await sizes()).toEqual(expected);

    const runner = t.dataSource.createQueryRunner();
    try {
      const migration = new AddValueSizes1796200000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await sizes()).toEqual(expected);
  });

  it('in a batch, answers 409 for the item whose base does not fit and stores the others', async () => {
    await postCheckpoint(t, auth, workflowId, body(1, null, whole(messages(3), 1)));
    const item = (n: number, blob: ChannelBlobBody) => ({ workflow_id: workflowId, ...body(n, 1, blob) });
    const response = await t.http
      .post(BATCH)
      .set(auth)
      .send({ checkpoints: [item(2, extension(messages(3), messages(4), 2)), item(3, extension(messages(1), messages(4), 2))] });
    expect(response.body.results.map((result: { status: number }) => result.status)).toEqual([201, 409]);
    expect((await read(2)).body.checkpoint.channel_values).toEqual({ messages: messages(4) });
    expect((await read(3)).status).toBe(404);
  });
});
