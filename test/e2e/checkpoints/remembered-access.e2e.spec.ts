import { appWithFreshWorkflow, b64, checkpointId, langgraphCheckpoint } from '../../support/checkpoint-fixtures.js';

const BATCH = '/api/v4/ai/duo_workflows/checkpoints/batch';

/**
 * A batch's write access to a workflow this process granted before is taken from memory, and the
 * write itself checks what the grant rested on. These specs take the access away behind the
 * process's back — as another replica, or an administrator's tool, would — and check that the next
 * write is refused as a fresh check refuses it, with nothing stored.
 */
describe('checkpoint batches: write access granted before, and taken away since', () => {
  const suite = appWithFreshWorkflow();

  const item = (n: number, value: unknown) => ({
    workflow_id: String(suite.workflowId),
    thread_ts: checkpointId(n),
    parent_ts: n === 1 ? null : checkpointId(n - 1),
    metadata: { source: 'loop', step: n },
    checkpoint: { ...langgraphCheckpoint(checkpointId(n), {}, { topic: n }), channel_values: undefined },
    channel_blobs: [{ channel: 'topic', version: n, type: 'json', data: b64(JSON.stringify(value)) }],
  });
  const send = async (n: number, value: unknown = `step ${n}`) =>
    (await suite.t.http.post(BATCH).set(suite.auth).send({ checkpoints: [item(n, value)] }).expect(200)).body.results[0].status as number;
  const rows = async () => {
    const [counts] = await suite.t.dataSource.query(
      `SELECT (SELECT count(*) FROM duo_workflows_checkpoints) AS checkpoints, (SELECT count(*) FROM duo_workflows_checkpoint_blobs) AS values,
              (SELECT count(*) FROM duo_workflows_checkpoint_elements) AS elements`,
    );
    return counts;
  };
  const sql = (text: string) => suite.t.dataSource.query(text, [suite.workflowId]);
  const projectOf = `(SELECT project_id FROM duo_workflows_workflows WHERE id = $1)`;

  it('refuses (403) once the membership is lowered below Developer, and stores nothing', async () => {
    expect(await send(1)).toBe(201);
    await sql(`UPDATE project_members SET access_level = 20 WHERE project_id = ${projectOf}`);
    const before = await rows();
    expect(await send(2)).toBe(403);
    expect(await rows()).toEqual(before);
  });

  it('refuses (403) once the project turns Duo off, and writes again once it is back on', async () => {
    expect(await send(1)).toBe(201);
    await sql(`UPDATE projects SET duo_features_enabled = false WHERE id = ${projectOf}`);
    expect(await send(2)).toBe(403);
    await sql(`UPDATE projects SET duo_features_enabled = true WHERE id = ${projectOf}`);
    expect(await send(2)).toBe(201);
  });

  it('refuses (403) once the membership is gone', async () => {
    expect(await send(1)).toBe(201);
    await sql(`DELETE FROM project_members WHERE project_id = ${projectOf}`);
    expect(await send(2)).toBe(403);
  });

  it('answers 404 once the workflow is gone', async () => {
    expect(await send(1)).toBe(201);
    await sql('DELETE FROM duo_workflows_workflows WHERE id = $1');
    expect(await send(2)).toBe(404);
  });

  it('writes none of a list of many MiB (stored before the write statement otherwise) once access is taken away', async () => {
    expect(await send(1)).toBe(201);
    await sql(`UPDATE project_members SET access_level = 10 WHERE project_id = ${projectOf}`);
    const before = await rows();
    // ~1.5 MiB of elements of 1 KiB: more than one statement carries, so they would go first.
    const list = Array.from({ length: 1500 }, (_, i) => `${i} ${'x'.repeat(1024)}`);
    expect(await send(2, list)).toBe(403);
    expect(await rows()).toEqual(before);
  });
});
