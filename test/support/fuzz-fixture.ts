import { b64, checkpointId, langgraphCheckpoint, postCheckpoint } from './checkpoint-fixtures.js';
import { createAdmin, createProject, createUser, mintRecordedToken, mintToken } from './factories.js';
import type { TestApp } from './test-app.js';
import { createWorkflow, WORKFLOWS } from './workflow-fixtures.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A documented route with what fuzzing needs to know about it, read from the OpenAPI document. */
export type FuzzRoute = { method: Method; template: string; name: string; queryParams: string[]; pathParams: string[]; hasBody: boolean };

type Operation = { parameters?: { in: string; name: string }[]; requestBody?: unknown; security?: object[] };
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Real records for every route to act on, so a fuzzed request gets past the guard and the policies
 * and reaches validation. The actor is an administrator (admin routes) who owns both projects and
 * the workflows. What a valid write could break for later runs is kept away from the actor: user
 * routes act on another user, member routes on another member, status events on a second workflow.
 */
export type FuzzFixture = {
  auth: { Authorization: string };
  ids: {
    victim: string;
    victimToken: string;
    workflowProject: number;
    otherProject: string;
    member: string;
    workflow: number;
    statusWorkflow: string;
    event: string;
    checkpoint: string;
  };
};

export const FUZZ_THREAD_TS = checkpointId(1);

export async function createFuzzFixture(t: TestApp): Promise<FuzzFixture> {
  const actor = await createAdmin(t);
  const victim = await createUser(t);
  const member = await createUser(t);
  const workflowProject = await createProject(t, { members: [[actor, 50]] });
  const otherProject = await createProject(t, { members: [[actor, 50], [member, 30]] });
  const auth = { Authorization: `Bearer ${await mintToken(t, actor, ['api'])}` };
  const workflow = await createWorkflow(t, auth, { project_id: workflowProject.id });
  const statusWorkflow = await createWorkflow(t, auth, { project_id: workflowProject.id });
  const event = await t.http.post(`${WORKFLOWS}/${workflow.id}/events`).set(auth).send({ event_type: 'message', message: 'hello' });
  const checkpoint = await postCheckpoint(t, auth, workflow.id, {
    thread_ts: FUZZ_THREAD_TS,
    checkpoint: langgraphCheckpoint(FUZZ_THREAD_TS, { messages: ['hi'] }, { messages: 1 }),
  });
  return {
    auth,
    ids: {
      victim: victim.id,
      victimToken: (await mintRecordedToken(t, victim, ['read_api'])).record.id,
      workflowProject: Number(workflowProject.id),
      otherProject: otherProject.id,
      member: member.id,
      workflow: workflow.id,
      statusWorkflow: String(statusWorkflow.id),
      event: String(event.body.id),
      checkpoint: String(checkpoint.body.id),
    },
  };
}

/**
 * Every authenticated route of the app's own OpenAPI document (the public probes have no input to
 * fuzz), with its parameters and whether it takes a body: routes added later are fuzzed too.
 */
export async function fuzzRoutes(t: TestApp): Promise<FuzzRoute[]> {
  const document = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Partial<Record<Method, Operation>>> };
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    METHODS.flatMap((method) => {
      const operation = operations[method];
      const isPublic = operation?.security?.length === 1 && Object.keys(operation.security[0]).length === 0;
      if (!operation || isPublic) return [];
      const named = (place: string) => (operation.parameters ?? []).filter((p) => p.in === place).map((p) => p.name);
      return [{ method, template, name: `${method.toUpperCase()} ${template}`, queryParams: named('query'), pathParams: named('path'), hasBody: operation.requestBody !== undefined }];
    }),
  );
}

/**
 * The value of each path parameter for `route`. A delete acts on ids that do not exist: a fuzzed
 * query string must not remove the records the other runs need. An unknown parameter fails, so a
 * new route cannot go unfuzzed by accident.
 */
export function pathValues(route: FuzzRoute, { ids }: FuzzFixture): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of route.pathParams) {
    values[name] = route.method === 'delete' ? '999999' : pathValue(route, name, ids);
  }
  return values;
}

function pathValue(route: FuzzRoute, name: string, ids: FuzzFixture['ids']): string {
  const resource = route.template.split('/')[3];
  // eventId and event_id name the same thing: a rename of a parameter must not break the fuzzing.
  const key = `${resource}:${name.replace(/_/g, '').toLowerCase()}`;
  switch (key) {
    case 'users:id':
    case 'users:userid':
      return ids.victim;
    case 'users:tokenid':
      return ids.victimToken;
    case 'projects:id':
      return ids.otherProject;
    case 'projects:userid':
      return ids.member;
    case 'ai:id':
      return route.method === 'patch' ? ids.statusWorkflow : String(ids.workflow);
    case 'ai:eventid':
      return ids.event;
    case 'ai:checkpointid':
      return ids.checkpoint;
    default:
      throw new Error(`no fuzz target for path parameter ${name} of ${route.name}: add one in test/support/fuzz-fixture.ts`);
  }
}

/** `route`'s path with `values` in place of its parameters (values go in as given: already encoded). */
export function fillPath(route: FuzzRoute, values: Record<string, string>): string {
  return route.template.replace(/\{([^}]+)\}/g, (_match, name: string) => values[name]);
}

/** A body each write route accepts, the seed of the body mutations (keyed with `{}` for any parameter name). */
export function validBody(route: FuzzRoute, { ids }: FuzzFixture): Record<string, unknown> {
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  const bodies: Record<string, Record<string, unknown>> = {
    'POST /api/v4/users': { username: 'fuzzed', name: 'Fuzzed User', email: 'fuzzed@example.com' },
    'PATCH /api/v4/users/{}': { name: 'Renamed' },
    'POST /api/v4/users/{}/tokens': { name: 'fuzz', scopes: ['read_api'], expires_at: tomorrow },
    'POST /api/v4/projects': { name: 'Fuzzed', path: 'fuzzed', namespace_path: 'fuzz/group' },
    'PATCH /api/v4/projects/{}': { name: 'Renamed' },
    'POST /api/v4/projects/{}/members': { user_id: Number(ids.victim), access_level: 30 },
    'PUT /api/v4/projects/{}/members/{}': { access_level: 40 },
    'POST /api/v4/ai/duo_workflows/workflows': { project_id: ids.workflowProject, goal: 'fuzz', agent_privileges: [1, 2], environment: 'ide' },
    'POST /api/v4/ai/duo_workflows/workflows/batch': { project_id: ids.workflowProject, workflows: [{ thread_id: 'fuzz-a' }, { thread_id: 'fuzz-b', goal: 'fuzz' }] },
    'PATCH /api/v4/ai/duo_workflows/workflows/{}': { status_event: 'start' },
    'POST /api/v4/ai/duo_workflows/workflows/{}/events': { event_type: 'message', message: 'hi' },
    'PUT /api/v4/ai/duo_workflows/workflows/{}/events/{}': { event_status: 'delivered' },
    'POST /api/v4/ai/duo_workflows/workflows/{}/checkpoints': {
      thread_ts: checkpointId(2),
      parent_ts: FUZZ_THREAD_TS,
      checkpoint_ns: '',
      metadata: { source: 'loop', step: 1 },
      checkpoint: langgraphCheckpoint(checkpointId(2), { messages: ['hi', 'there'] }, { messages: 2 }),
      channel_blobs: [{ channel: 'raw', version: 1, type: 'bytes', data: b64('raw') }],
    },
    'POST /api/v4/ai/duo_workflows/workflows/{}/checkpoint_writes_batch': {
      thread_ts: FUZZ_THREAD_TS,
      checkpoint_ns: '',
      checkpoint_writes: [{ task: 'task-1', task_path: '', idx: 0, channel: 'messages', write_type: 'json', data: b64('"hi"') }],
    },
    'POST /api/v4/ai/duo_workflows/workflows/{}/checkpoints/delta_history': { thread_ts: FUZZ_THREAD_TS, checkpoint_ns: '', channels: ['messages'] },
    'POST /api/v4/ai/duo_workflows/checkpoints/batch': {
      checkpoints: [
        {
          workflow_id: String(ids.workflow),
          thread_ts: checkpointId(3),
          parent_ts: FUZZ_THREAD_TS,
          checkpoint_ns: '',
          metadata: { source: 'loop', step: 2 },
          checkpoint: langgraphCheckpoint(checkpointId(3), { messages: ['hi', 'again'] }, { messages: 3 }),
          channel_blobs: [{ channel: 'raw', version: 1, type: 'bytes', data: b64('raw') }],
        },
      ],
    },
    'POST /api/v4/ai/duo_workflows/checkpoints/lookup': {
      channel_values: 'blobs',
      lookups: [{ workflow_id: String(ids.workflow), checkpoint_ns: '' }, { workflow_id: String(ids.workflow), thread_ts: FUZZ_THREAD_TS }],
    },
  };
  const body = bodies[route.name.replace(/\{[^}]+\}/g, '{}')];
  if (!body) throw new Error(`no valid body for ${route.name}: add one in test/support/fuzz-fixture.ts`);
  return body;
}
