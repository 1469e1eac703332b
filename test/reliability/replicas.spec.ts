import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { checkpointId, langgraphCheckpoint } from '../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from '../support/workflow-fixtures.js';

/**
 * Two replicas of the service on one database, hit at the same moment: the database's constraints,
 * not the process, keep the rules. On DATABASE_URL when set; otherwise on one embedded database
 * served to both replicas.
 */
describe('two replicas on one database', () => {
  let embedded: EmbeddedPostgres | undefined;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    let url = process.env.DATABASE_URL;
    if (!url) {
      embedded = await startEmbeddedPostgres('memory://', 2);
      url = embedded.url;
    }
    // The embedded database serves both replicas in one session: no named statements there.
    const env = { DATABASE_URL: url, DB_POOL_SIZE: embedded ? '1' : '5', DB_PREPARED_STATEMENTS: String(!embedded) };
    a = await startTestApp(env);
    b = await startTestApp(env);
  });
  beforeEach(() => a.truncate());
  afterAll(async () => {
    await a.close();
    await b.close();
    await embedded?.stop();
  });

  /** The same request through both replicas, several times each, all at once. */
  const both = <T>(times: number, send: (t: TestApp) => Promise<T>) =>
    Promise.all(Array.from({ length: times * 2 }, (_, i) => send(i % 2 === 0 ? a : b)));

  it('stores one row for the same checkpoint re-sent through both', async () => {
    const owner = await workflowOwner(a);
    const { id } = await createWorkflow(a, owner.auth, { project_id: owner.project.id });
    const body = { thread_ts: checkpointId(1), metadata: { step: 1 }, checkpoint: langgraphCheckpoint(checkpointId(1), { a: [1, 2] }, { a: 1 }) };
    const responses = await both(4, (t) => t.http.post(`${WORKFLOWS}/${id}/checkpoints`).set(owner.auth).send(body));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await a.dataSource.query('SELECT count(*) AS n FROM duo_workflows_checkpoints');
    expect(Number(n)).toBe(1);
  });

  it('makes exactly one transition for concurrent status events', async () => {
    const owner = await workflowOwner(a);
    const { id } = await createWorkflow(a, owner.auth, { project_id: owner.project.id });
    await a.http.patch(`${WORKFLOWS}/${id}`).set(owner.auth).send({ status_event: 'start' });
    const events = ['finish', 'stop', 'finish', 'stop', 'finish', 'stop'];
    const responses = await Promise.all(
      events.map((event, i) => (i % 2 === 0 ? a : b).http.patch(`${WORKFLOWS}/${id}`).set(owner.auth).send({ status_event: event })),
    );
    const moved = responses.filter((r) => r.status === 200 && /changed to/.test(r.body.message));
    expect(moved).toHaveLength(1);
    const final = moved[0].body.workflow.status;
    const winner = final === 'finished' ? 'finish' : 'stop';
    responses.forEach((response, i) => {
      if (response === moved[0]) return;
      // The winning event again is "already"; the other one is refused from the status the winner left.
      if (events[i] === winner) expect(response.body.message).toBe(`Workflow already in status ${final}`);
      else expect(response.body).toEqual({ message: `400 Bad request - Can not ${events[i]} workflow that has status ${final}` });
    });
  });

  it('creates one workflow for concurrent if_exists: do_nothing creates of one thread_id', async () => {
    const owner = await workflowOwner(a);
    const body = { project_id: owner.project.id, thread_id: 'shared-thread', if_exists: 'do_nothing' };
    const responses = await both(4, (t) => t.http.post(WORKFLOWS).set(owner.auth).send(body));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
  });
});
