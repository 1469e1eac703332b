import { recordStatements } from '../../support/statement-recorder.js';
import { appWithFreshWorkflow, b64, checkpointId, langgraphCheckpoint } from '../../support/checkpoint-fixtures.js';

const BATCH = '/api/v4/ai/duo_workflows/checkpoints/batch';
const LOOKUP = '/api/v4/ai/duo_workflows/checkpoints/lookup';

/**
 * A lookup's caller, and their read access to a workflow this process granted them before, are
 * taken from memory; the statement that reads the checkpoints' rows checks first that neither
 * changed (decision 0019). These specs change them behind the process's back, as another replica
 * or an administrator's tool would, and check that the next lookup answers as a fresh
 * authentication and policy would.
 */
describe('checkpoint lookups: a caller and access granted before, and changed since', () => {
  const suite = appWithFreshWorkflow();

  const write = async (workflowId: string | number = suite.workflowId) => {
    const item = {
      workflow_id: String(workflowId),
      thread_ts: checkpointId(1),
      metadata: { source: 'loop', step: 1 },
      checkpoint: { ...langgraphCheckpoint(checkpointId(1), {}, { topic: 1 }), channel_values: undefined },
      channel_blobs: [{ channel: 'topic', version: 1, type: 'json', data: b64(JSON.stringify('remembered')) }],
    };
    const response = await suite.t.http.post(BATCH).set(suite.auth).send({ checkpoints: [item] }).expect(200);
    expect(response.body.results[0].status).toBe(201);
  };
  const lookUp = (workflowId: string | number = suite.workflowId) =>
    suite.t.http.post(LOOKUP).set(suite.auth).send({ lookups: [{ workflow_id: String(workflowId) }] });
  /** The one item's status, after the request itself answered 200. */
  const itemStatus = async (workflowId?: string | number) => (await lookUp(workflowId).expect(200)).body.results[0].status as number;
  const owner = `(SELECT user_id FROM duo_workflows_workflows WHERE id = $1)`;
  const projectOf = `(SELECT project_id FROM duo_workflows_workflows WHERE id = $1)`;
  const sql = (text: string) => suite.t.dataSource.query(text, [suite.workflowId]);

  /** A checkpoint to read, and two lookups: the first reads the caller and access, the second takes them from memory. */
  async function remembered(): Promise<void> {
    await write();
    expect(await itemStatus()).toBe(200);
    expect(await itemStatus()).toBe(200);
  }

  it('answers 401 once the token is revoked', async () => {
    await remembered();
    await sql(`UPDATE personal_access_tokens SET revoked_at = now() WHERE user_id = ${owner}`);
    await lookUp().expect(401);
  });

  it('answers 401 once the user is blocked', async () => {
    await remembered();
    await sql(`UPDATE users SET state = 'blocked' WHERE id = ${owner}`);
    await lookUp().expect(401);
  });

  it('answers 403 once the token keeps only read_api (the lookup is a POST)', async () => {
    await remembered();
    await sql(`UPDATE personal_access_tokens SET scopes = '{read_api}' WHERE user_id = ${owner}`);
    await lookUp().expect(403);
  });

  it('refuses the item (403) once the membership is lowered below Developer', async () => {
    await remembered();
    await sql(`UPDATE project_members SET access_level = 20 WHERE project_id = ${projectOf}`);
    expect(await itemStatus()).toBe(403);
  });

  it('refuses the item (403) once the project turns Duo off, and reads it again once it is back on', async () => {
    await remembered();
    await sql(`UPDATE projects SET duo_features_enabled = false WHERE id = ${projectOf}`);
    expect(await itemStatus()).toBe(403);
    await sql(`UPDATE projects SET duo_features_enabled = true WHERE id = ${projectOf}`);
    expect(await itemStatus()).toBe(200);
  });

  it('answers the item 404 once the workflow is gone', async () => {
    await remembered();
    await sql('DELETE FROM duo_workflows_workflows WHERE id = $1');
    // The workflow, as the policy answers it, not a checkpoint missing from a workflow read from memory.
    expect((await lookUp().expect(200)).body.results).toEqual([{ status: 404, message: '404 Workflow Not Found' }]);
  });

  it('refuses (403) once an administrator outside the project loses the flag', async () => {
    await sql(`UPDATE users SET admin = true WHERE id = ${owner}`);
    await sql(`DELETE FROM project_members WHERE user_id = ${owner}`);
    await remembered();
    await sql(`UPDATE users SET admin = false WHERE id = ${owner}`);
    expect(await itemStatus()).toBe(403);
  });

  it('answers 401, not the item, when nothing could be read to check the caller', async () => {
    await remembered();
    await sql(`UPDATE personal_access_tokens SET revoked_at = now() WHERE user_id = ${owner}`);
    // A workflow that does not exist: alone, its item would answer 404 without any read.
    await lookUp('999999999').expect(401);
  });

  it('reads a known caller’s checkpoint without reading their user, token or access first', async () => {
    await remembered();
    const { result, texts } = await recordStatements(suite.t, () => lookUp().expect(200));
    expect(result.body.results[0].checkpoint.checkpoint.channel_values).toEqual({ topic: 'remembered' });
    // The rows (with the check), then the values and the pending writes.
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain('access_changed');
  });
});
