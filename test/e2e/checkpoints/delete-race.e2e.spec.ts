import { b64, checkpointId, freshWorkflow, langgraphCheckpoint } from '../../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createWorkflow, WORKFLOWS } from '../../support/workflow-fixtures.js';

/** Writes that race the DELETE of their workflow answer 404, as if they had come a moment later. */
describe('checkpoint writes racing the deletion of their workflow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 201/200 or 404, never 500, for checkpoints and writes sent while the workflow is deleted', async () => {
    for (let round = 0; round < 10; round++) {
      const { auth, workflowId, base } = await freshWorkflow(t);
      const writes = Array.from({ length: 6 }, (_, i) =>
        i % 2
          ? t.http.post(base).set(auth).send({ thread_ts: checkpointId(i), metadata: {}, checkpoint: langgraphCheckpoint(checkpointId(i), { a: i }, { a: i }) })
          : t.http.post(`${WORKFLOWS}/${workflowId}/checkpoint_writes_batch`).set(auth)
              .send({ thread_ts: checkpointId(i), checkpoint_writes: [{ task: 't', idx: 0, channel: 'a', write_type: 'json', data: b64('1') }] }),
      );
      const [deleted, ...answers] = await Promise.all([t.http.delete(`${WORKFLOWS}/${workflowId}`).set(auth), ...writes]);
      expect(deleted.status).toBe(204);
      for (const answer of answers) expect([200, 201, 404]).toContain(answer.status);
    }
  });

  it('answers 404 only for the deleted workflow of a batch, and stores the others', async () => {
    for (let round = 0; round < 10; round++) {
      const { auth, workflowId: doomed } = await freshWorkflow(t);
      const projectId = (await t.http.get(`${WORKFLOWS}/${doomed}`).set(auth)).body.project_id;
      const others = await Promise.all([1, 2, 3].map(async () => (await createWorkflow(t, auth, { project_id: projectId })).id));
      const batch = [doomed, ...others].map((id, i) => ({
        workflow_id: id,
        thread_ts: checkpointId(round),
        metadata: {},
        checkpoint: langgraphCheckpoint(checkpointId(round), { a: i }, { a: 1 }),
      }));
      const [deleted, answer] = await Promise.all([
        t.http.delete(`${WORKFLOWS}/${doomed}`).set(auth),
        t.http.post('/api/v4/ai/duo_workflows/checkpoints/batch').set(auth).send({ checkpoints: batch }),
      ]);
      expect(deleted.status).toBe(204);
      expect(answer.status).toBe(200);
      const [first, ...rest] = answer.body.results as { status: number }[];
      expect([201, 404]).toContain(first.status);
      expect(rest.map(({ status }) => status)).toEqual([201, 201, 201]);
      for (const id of others) expect((await t.http.get(`${WORKFLOWS}/${id}/checkpoints/latest`).set(auth)).status).toBe(200);
    }
  });
});
