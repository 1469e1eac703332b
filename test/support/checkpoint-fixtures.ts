import { createWorkflow, workflowOwner, WORKFLOWS } from './workflow-fixtures.js';
import { startTestApp, type TestApp } from './test-app.js';

export type CheckpointBody = {
  thread_ts: string;
  parent_ts?: string | null;
  checkpoint_ns?: string;
  metadata?: Record<string, unknown>;
  checkpoint?: Record<string, unknown>;
  compressed_checkpoint?: string;
  channel_blobs?: ChannelBlobBody[];
};

/** A channel value as sent; base_hash and content_hash make it an extension of the parent's value. */
export type ChannelBlobBody = { channel: string; version: number | string; type: string; data: string; base_hash?: string; content_hash?: string };

/** A LangGraph-shaped checkpoint object (format 4). */
export function langgraphCheckpoint(
  id: string,
  values: Record<string, unknown>,
  versions: Record<string, number | string>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { v: 4, id, ts: '2026-11-26T00:00:00.000Z', channel_values: values, channel_versions: versions, versions_seen: { '': {} }, ...extra };
}

/** Posts a checkpoint and fails loudly on anything but 200/201. */
export async function postCheckpoint(t: TestApp, auth: Record<string, string>, workflowId: number, body: CheckpointBody) {
  const response = await t.http
    .post(`${WORKFLOWS}/${workflowId}/checkpoints`)
    .set(auth)
    .send({ metadata: { source: 'loop', step: 0 }, ...body });
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`post checkpoint ${body.thread_ts}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response;
}

/** Sortable ids like LangGraph's uuid6 checkpoint ids: later ones compare greater as text. */
export function checkpointId(n: number): string {
  return `1ef00000-0000-6000-8000-${String(n).padStart(12, '0')}`;
}

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Empties the database and makes one owner with one workflow: where most checkpoint specs start. */
export async function freshWorkflow(t: TestApp): Promise<{ auth: Record<string, string>; workflowId: number; base: string }> {
  await t.truncate();
  const owner = await workflowOwner(t);
  const workflowId = (await createWorkflow(t, owner.auth, { project_id: owner.project.id })).id;
  return { auth: owner.auth, workflowId, base: `${WORKFLOWS}/${workflowId}/checkpoints` };
}

export type FreshWorkflowSuite = { t: TestApp; auth: Record<string, string>; workflowId: number; base: string };

/**
 * For a describe block: one app (with `env`) for all its tests, and a fresh workflow before each
 * (freshWorkflow). The fields are filled in by the hooks, so read them inside the tests.
 */
export function appWithFreshWorkflow(env: Record<string, string> = {}): FreshWorkflowSuite {
  const suite = {} as FreshWorkflowSuite;
  beforeAll(async () => {
    suite.t = await startTestApp(env);
  });
  beforeEach(async () => {
    Object.assign(suite, await freshWorkflow(suite.t));
  });
  afterAll(() => suite.t.close());
  return suite;
}
