import { createHash } from 'node:crypto';
import { appWithFreshWorkflow, b64, checkpointId, langgraphCheckpoint, postCheckpoint } from '../../support/checkpoint-fixtures.js';

/**
 * The service remembers the latest checkpoint it wrote in each thread and builds the next one on it
 * without reading it back. These specs change the stored parent behind its back — as another
 * replica re-sending that checkpoint with other content, or a restore, would — and check that the
 * child is built on the parent as stored, never on the one remembered.
 */
const BATCH = '/api/v4/ai/duo_workflows/checkpoints/batch';

describe('checkpoints: a remembered parent that changed in the database', () => {
  const suite = appWithFreshWorkflow();

  /** The content id of a JSON value as api.md defines it. */
  const contentId = (json: string) => createHash('sha256').update('json\0').update(json).digest('hex').slice(0, 32);

  const topic = (n: number, parent: number | null, value: string | undefined, version: number) => ({
    thread_ts: checkpointId(n),
    parent_ts: parent === null ? null : checkpointId(parent),
    checkpoint: { ...langgraphCheckpoint(checkpointId(n), {}, { topic: version }), channel_values: undefined },
    channel_blobs: value === undefined ? [] : [{ channel: 'topic', version, type: 'json', data: b64(JSON.stringify(value)) }],
  });
  const read = async (n: number) =>
    (await suite.t.http.get(`${suite.base}/by_thread_ts`).query({ thread_ts: checkpointId(n) }).set(suite.auth).expect(200)).body.checkpoint.channel_values;

  /** Makes checkpoint `target` hold what checkpoint `source` holds (root namespace), as a re-send with that content would. */
  const overwrite = (target: number, source: number) =>
    suite.t.dataSource.query(
      `UPDATE duo_workflows_checkpoints c SET checkpoint = s.checkpoint, channel_map = s.channel_map, content_hash = s.content_hash
       FROM duo_workflows_checkpoints s
       WHERE c.workflow_id = $1 AND s.workflow_id = $1 AND c.checkpoint_ns = '' AND s.checkpoint_ns = ''
         AND c.thread_ts = $2 AND s.thread_ts = $3`,
      [suite.workflowId, checkpointId(target), checkpointId(source)],
    );

  it('builds a child on its parent as stored when the parent changed since this process wrote it', async () => {
    await postCheckpoint(suite.t, suite.auth, suite.workflowId, topic(1, null, 'first', 1));
    await postCheckpoint(suite.t, suite.auth, suite.workflowId, topic(2, 1, 'second', 2));
    // Checkpoint 2 now holds checkpoint 1's content: topic at version 1, "first".
    await overwrite(2, 1);

    // The child carries no value and says topic is at version 1: only the stored parent has that.
    await postCheckpoint(suite.t, suite.auth, suite.workflowId, topic(3, 2, undefined, 1));
    expect(await read(3)).toEqual({ topic: 'first' });
  });

  it('refuses an extension of a list the stored parent no longer holds (409), and stores nothing', async () => {
    const list = (count: number) => Array.from({ length: count }, (_, i) => `message ${i} ${'lorem ipsum '.repeat(20)}`);
    await postCheckpoint(suite.t, suite.auth, suite.workflowId, { ...topic(1, null, undefined, 1), channel_blobs: [{ channel: 'topic', version: 1, type: 'json', data: b64('"not a list"') }] });
    await postCheckpoint(suite.t, suite.auth, suite.workflowId, { ...topic(2, 1, undefined, 2), channel_blobs: [{ channel: 'topic', version: 2, type: 'json', data: b64(JSON.stringify(list(4))) }] });
    await overwrite(2, 1);
    const checkpoints = await suite.t.dataSource.query('SELECT count(*) AS n FROM duo_workflows_checkpoints');

    const extension = {
      ...topic(3, 2, undefined, 3),
      channel_blobs: [{
        channel: 'topic', version: 3, type: 'json',
        data: b64(JSON.stringify(list(5).slice(4))),
        base_hash: contentId(JSON.stringify(list(4))),
        content_hash: contentId(JSON.stringify(list(5))),
      }],
    };
    const response = await suite.t.http.post(suite.base).set(suite.auth).send({ metadata: {}, ...extension });
    expect(response.status).toBe(409);
    expect(await suite.t.dataSource.query('SELECT count(*) AS n FROM duo_workflows_checkpoints')).toEqual(checkpoints);
  });

  it('writes a whole batch on its stored parents when one of them changed (namespaces as two threads)', async () => {
    const inNamespace = (ns: string, body: ReturnType<typeof topic>) => ({ ...body, checkpoint_ns: ns, workflow_id: String(suite.workflowId), metadata: {} });
    for (const ns of ['', 'sub']) {
      await postCheckpoint(suite.t, suite.auth, suite.workflowId, { ...topic(1, null, `first ${ns}`, 1), checkpoint_ns: ns });
      await postCheckpoint(suite.t, suite.auth, suite.workflowId, { ...topic(2, 1, `second ${ns}`, 2), checkpoint_ns: ns });
    }
    await overwrite(2, 1); // in the root namespace only

    const response = await suite.t.http
      .post(BATCH)
      .set(suite.auth)
      .send({ checkpoints: [inNamespace('', topic(3, 2, undefined, 1)), inNamespace('sub', topic(3, 2, undefined, 2))] })
      .expect(200);
    expect(response.body.results.map((result: { status: number }) => result.status)).toEqual([201, 201]);
    expect(await read(3)).toEqual({ topic: 'first ' });
    const sub = await suite.t.http.get(`${suite.base}/by_thread_ts`).query({ thread_ts: checkpointId(3), checkpoint_ns: 'sub' }).set(suite.auth).expect(200);
    expect(sub.body.checkpoint.channel_values).toEqual({ topic: 'second sub' });
  });
});
