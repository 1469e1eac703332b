import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureWorkflowPartitions, listRangePartitions, PARTITIONED_TABLES } from '../../src/database/workflow-partitions.js';
import { RetentionService } from '../../src/retention/retention.service.js';
import { b64, checkpointId, langgraphCheckpoint, postCheckpoint } from '../support/checkpoint-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from '../support/workflow-fixtures.js';

describe('retention', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ WORKFLOW_PARTITION_SIZE: '3', RETENTION_BATCH_SIZE: '2', RETENTION_INTERVAL_MINUTES: '0' });
  });
  beforeEach(async () => {
    // Start from ranges of 3 workflow ids: [1,4), [4,7), [7,10).
    for (const table of PARTITIONED_TABLES) {
      for (const range of await listRangePartitions(t.dataSource, table)) await t.dataSource.query(`DROP TABLE ${range.name}`);
    }
    await t.truncate();
    await ensureWorkflowPartitions(t.dataSource, 3);
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await t.dataSource.query(sql, params))[0].n);

  it('drops expired partitions whole, purges the rest in batches, and keeps the workflows, archived', async () => {
    const owner = await workflowOwner(t);
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const { id } = await createWorkflow(t, owner.auth, { project_id: owner.project.id });
      ids.push(id);
      // A list long enough to be stored as elements: every checkpoint table gets a row.
      await postCheckpoint(t, owner.auth, id, { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), { a: [`${i}`.repeat(600)] }, { a: 1 }) });
      await t.http.post(`${WORKFLOWS}/${id}/checkpoint_writes_batch`).set(owner.auth)
        .send({ thread_ts: checkpointId(1), checkpoint_writes: [{ task: 't', idx: 0, channel: 'a', write_type: 'json', data: b64('1') }] });
      await t.http.post(`${WORKFLOWS}/${id}/events`).set(owner.auth).send({ event_type: 'message', message: 'hi' });
    }
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await t.dataSource.query("UPDATE duo_workflows_workflows SET created_at = now() - interval '40 days' WHERE id <= 5");

    const report = await t.app.get(RetentionService).run();
    expect(report).toMatchObject({ droppedPartitions: ['w1-3'], purgedWorkflows: 2, skipped: [] });

    const partitions = (await listRangePartitions(t.dataSource, 'duo_workflows_checkpoints')).map((p) => p.name);
    expect(partitions).not.toContain('duo_workflows_checkpoints_w1');
    expect(partitions).toContain('duo_workflows_checkpoints_w4');
    for (const table of [...PARTITIONED_TABLES, 'duo_workflows_events']) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE workflow_id <= 5`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE workflow_id > 5`)).toBe(3);
    }
    expect(await count('SELECT count(*) AS n FROM duo_workflows_workflows WHERE purged_at IS NOT NULL')).toBe(5);

    const old = await t.http.get(`${WORKFLOWS}/2`).set(owner.auth);
    expect(old.body).toMatchObject({ id: 2, archived: true });
    expect((await t.http.get(`${WORKFLOWS}/2/checkpoints/latest`).set(owner.auth)).status).toBe(404);
    const kept = await t.http.get(`${WORKFLOWS}/6/checkpoints/latest`).set(owner.auth);
    expect(kept.body.checkpoint.channel_values).toEqual({ a: ['5'.repeat(600)] });
    expect((await t.http.get(`${WORKFLOWS}/6`).set(owner.auth)).body.archived).toBe(false);

    // A second run finds nothing left to do.
    expect(await t.app.get(RetentionService).run()).toMatchObject({ droppedPartitions: [], purgedWorkflows: 0 });
  });

  it('keeps partitions the id sequence has not passed yet, even when empty', async () => {
    const report = await t.app.get(RetentionService).run();
    expect(report).toMatchObject({ droppedPartitions: [], purgedWorkflows: 0 });
    expect((await listRangePartitions(t.dataSource, 'duo_workflows_checkpoints')).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps writing to a workflow while its neighbours are purged (no lock held across batches)', async () => {
    const owner = await workflowOwner(t);
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await createWorkflow(t, owner.auth, { project_id: owner.project.id })).id);
    await t.dataSource.query("UPDATE duo_workflows_workflows SET created_at = now() - interval '40 days' WHERE id < $1", [ids[5]]);
    const [report, write] = await Promise.all([
      t.app.get(RetentionService).run(),
      postCheckpoint(t, owner.auth, ids[5], { thread_ts: checkpointId(9), checkpoint: langgraphCheckpoint(checkpointId(9), { live: true }, { live: 1 }) }),
    ]);
    expect(report?.droppedPartitions).toEqual(['w1-3']);
    expect(write.status).toBe(201);
    expect((await t.http.get(`${WORKFLOWS}/${ids[5]}/checkpoints/latest`).set(owner.auth)).body.checkpoint.channel_values).toEqual({ live: true });
  });
});

describe('retention from the command line', () => {
  it('`npm run cli -- retention` migrates nothing new and prints a JSON report', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'duo-retention-'));
    try {
      // Its own embedded database, so the report does not depend on what other specs left behind.
      const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
      const cli = fileURLToCli();
      await promisify(execFile)(process.execPath, [cli, 'migrate'], { env });
      const { stdout } = await promisify(execFile)(process.execPath, [cli, 'retention'], { env });
      expect(JSON.parse(stdout)).toMatchObject({ droppedPartitions: [], purgedWorkflows: 0, skipped: [] });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function fileURLToCli(): string {
  return new URL('../../dist/src/cli/main.js', import.meta.url).pathname;
}
