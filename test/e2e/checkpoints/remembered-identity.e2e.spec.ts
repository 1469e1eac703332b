import { recordStatements } from '../../support/statement-recorder.js';
import { appWithFreshWorkflow, b64, checkpointId, langgraphCheckpoint } from '../../support/checkpoint-fixtures.js';

const BATCH = '/api/v4/ai/duo_workflows/checkpoints/batch';

/**
 * A batch's caller — their user and token record — is taken from memory once this process has
 * authenticated them, and the write itself checks that neither changed (decision 0017). These specs
 * change them behind the process's back, as another replica or an administrator's tool would, and
 * check that the next batch is refused as a fresh authentication refuses it, with nothing stored.
 */
describe('checkpoint batches: a caller authenticated before, and changed since', () => {
  const suite = appWithFreshWorkflow();

  const item = (n: number, workflowId: string | number = suite.workflowId, value: unknown = `step ${n}`) => ({
    workflow_id: String(workflowId),
    thread_ts: checkpointId(n),
    parent_ts: n === 1 ? null : checkpointId(n - 1),
    metadata: { source: 'loop', step: n },
    checkpoint: { ...langgraphCheckpoint(checkpointId(n), {}, { topic: n }), channel_values: undefined },
    channel_blobs: [{ channel: 'topic', version: n, type: 'json', data: b64(JSON.stringify(value)) }],
  });
  const post = (...items: ReturnType<typeof item>[]) => suite.t.http.post(BATCH).set(suite.auth).send({ checkpoints: items });
  const stored = async () => {
    const [counts] = await suite.t.dataSource.query(
      `SELECT (SELECT count(*) FROM duo_workflows_checkpoints) AS checkpoints, (SELECT count(*) FROM duo_workflows_checkpoint_blobs) AS values,
              (SELECT count(*) FROM duo_workflows_checkpoint_elements) AS elements`,
    );
    return counts;
  };
  /** The workflow owner's user row and every token of theirs. */
  const owner = `(SELECT user_id FROM duo_workflows_workflows WHERE id = $1)`;
  const sql = (text: string) => suite.t.dataSource.query(text, [suite.workflowId]);

  /** A first batch authenticates from the database (and is remembered); the change comes after it. */
  async function refusedAfter(change: string, status: number): Promise<void> {
    expect((await post(item(1)).expect(200)).body.results[0].status).toBe(201);
    expect((await post(item(2)).expect(200)).body.results[0].status).toBe(201);
    await sql(change);
    const before = await stored();
    await post(item(3)).expect(status);
    expect(await stored()).toEqual(before);
  }

  it('answers 401 once the token is revoked, and stores nothing', async () => {
    await refusedAfter(`UPDATE personal_access_tokens SET revoked_at = now() WHERE user_id = ${owner}`, 401);
  });

  it('answers 401 once the token record expires early (its expiry moved into the past)', async () => {
    await refusedAfter(`UPDATE personal_access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ${owner}`, 401);
  });

  it('answers 401 once the user is blocked', async () => {
    await refusedAfter(`UPDATE users SET state = 'blocked' WHERE id = ${owner}`, 401);
  });

  it('answers 403 once the token loses the scope the route needs', async () => {
    await refusedAfter(`UPDATE personal_access_tokens SET scopes = '{read_api}' WHERE user_id = ${owner}`, 403);
  });

  it('refuses (403) once an administrator outside the project loses the flag, and stores nothing', async () => {
    await sql(`UPDATE users SET admin = true WHERE id = ${owner}`);
    await sql(`DELETE FROM project_members WHERE user_id = ${owner}`);
    const results = async (n: number) => (await post(item(n)).expect(200)).body.results[0].status as number;
    expect(await results(1)).toBe(201);
    expect(await results(2)).toBe(201);
    await sql(`UPDATE users SET admin = false WHERE id = ${owner}`);
    const before = await stored();
    expect(await results(3)).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('writes a list of many MiB for a caller it knows, and none of it once their token is revoked', async () => {
    // ~1.5 MiB of elements of 1 KiB: more than one statement carries, so they go before the write.
    const list = (tag: string) => Array.from({ length: 1500 }, (_, i) => `${tag} ${i} ${'x'.repeat(1024)}`);
    expect((await post(item(1)).expect(200)).body.results[0].status).toBe(201);
    expect((await post(item(2, suite.workflowId, list('a'))).expect(200)).body.results[0].status).toBe(201);
    await sql(`UPDATE personal_access_tokens SET revoked_at = now() WHERE user_id = ${owner}`);
    const before = await stored();
    await post(item(3, suite.workflowId, list('b'))).expect(401);
    expect(await stored()).toEqual(before);
  });

  it('answers 401, not each item, when nothing in the batch could be written to check the caller', async () => {
    expect((await post(item(1)).expect(200)).body.results[0].status).toBe(201);
    await sql(`UPDATE personal_access_tokens SET revoked_at = now() WHERE user_id = ${owner}`);
    // A workflow that does not exist: its item alone would answer 404, without any write.
    await post(item(2, '999999999')).expect(401);
  });

  it('writes the next batch of a caller it knows in one statement, without reading their user and token', async () => {
    expect((await post(item(1)).expect(200)).body.results[0].status).toBe(201);
    const { result, texts } = await recordStatements(suite.t, () => post(item(2)).expect(200));
    expect(result.body.results[0].status).toBe(201);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('access_changed');
  });
});
