import type { Scope } from '../../src/auth/scopes.js';
import type { User } from '../../src/users/entities/user.entity.js';
import { mintToken } from './factories.js';
import type { TestApp } from './test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from './workflow-fixtures.js';

/** A workflow with one queued event, and its owner: what the per-workflow routes act on. */
export type WorkflowTarget = Awaited<ReturnType<typeof workflowOwner>> & { workflowId: number; eventId: number };

export async function workflowWithEvent(t: TestApp): Promise<WorkflowTarget> {
  const owner = await workflowOwner(t);
  const workflowId = (await createWorkflow(t, owner.auth, { project_id: owner.project.id })).id;
  const event = await t.http.post(`${WORKFLOWS}/${workflowId}/events`).set(owner.auth).send({ event_type: 'message', message: 'hello' });
  if (event.status !== 201) throw new Error(`create event: ${event.status} ${JSON.stringify(event.body)}`);
  return { ...owner, workflowId, eventId: event.body.id };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One route of API.md §3 that acts on an existing workflow, with a body that succeeds for its owner. */
export type WorkflowRoute = {
  name: string;
  method: Method;
  path: (target: WorkflowTarget) => string;
  body?: object;
  /** The status its owner gets. */
  success: number;
};

const route = (method: Method, suffix: string, success: number, body?: object): WorkflowRoute => ({
  name: `${method.toUpperCase()} /workflows/:id${suffix.replace('{event}', ':event_id')}`,
  method,
  path: (target) => `${WORKFLOWS}/${target.workflowId}${suffix.replace('{event}', String(target.eventId))}`,
  body,
  success,
});

export const WORKFLOW_ROUTES: WorkflowRoute[] = [
  route('get', '', 200),
  route('patch', '', 200, { status_event: 'start' }),
  route('delete', '', 204),
  route('post', '/events', 201, { event_type: 'pause', message: 'stop for a moment' }),
  route('get', '/events', 200),
  route('put', '/events/{event}', 200, { event_status: 'delivered' }),
];

export const isRead = (r: WorkflowRoute) => r.method === 'get';

/** Sends `r` against `target` (or another id in its place) with `headers`. */
export function callRoute(t: TestApp, r: WorkflowRoute, target: WorkflowTarget, headers: Record<string, string>) {
  const request = t.http[r.method](r.path(target)).set(headers);
  return r.body ? request.send(r.body) : request;
}

export async function bearer(t: TestApp, user: User, scopes: Scope[] = ['api']): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await mintToken(t, user, scopes)}` };
}
