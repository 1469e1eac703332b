import { b64, checkpointId, freshWorkflow, langgraphCheckpoint } from '../../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { WORKFLOWS } from '../../support/workflow-fixtures.js';

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
});
