import { addMember, createAdmin, createUser, mintToken } from '../../support/factories.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { WORKFLOWS } from '../../support/workflow-fixtures.js';
import { bearer, callRoute, isRead, WORKFLOW_ROUTES, workflowWithEvent, type WorkflowRoute, type WorkflowTarget } from '../../support/workflow-routes.js';
import { Project } from '../../../src/projects/entities/project.entity.js';
import { ProjectMember } from '../../../src/projects/entities/project-member.entity.js';
import type { User } from '../../../src/users/entities/user.entity.js';

const FORBIDDEN = { message: '403 Forbidden' };
const NOT_FOUND = { message: '404 Workflow Not Found' };

/** GitLab's request-spec matrix for every route that acts on one workflow (API.md §1–3). */
describe.each(WORKFLOW_ROUTES.map((r) => [r.name, r] as [string, WorkflowRoute]))('%s: who may call it', (_name, route) => {
  let t: TestApp;
  let target: WorkflowTarget;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    target = await workflowWithEvent(t);
  });
  afterAll(() => t.close());

  const call = (headers: Record<string, string>, on: WorkflowTarget = target) => callRoute(t, route, on, headers);
  /** The workflow and its queue as its owner's api token sees them: a refused call must leave both alone. */
  const state = async (on: WorkflowTarget = target) => {
    const auth = await bearer(t, on.user);
    const base = `${WORKFLOWS}/${on.workflowId}`;
    return { workflow: (await t.http.get(base).set(auth)).body, events: (await t.http.get(`${base}/events`).set(auth)).body };
  };

  it('is 401 without a token, with garbage, or with a token of a blocked user', async () => {
    const blocked = await createUser(t, { state: 'blocked' });
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer garbage' }, { 'PRIVATE-TOKEN': 'garbage' }, await bearer(t, blocked)];
    for (const headers of attempts) {
      const response = await call(headers);
      expect({ status: response.status, body: response.body }).toEqual({ status: 401, body: { message: '401 Unauthorized' } });
    }
  });

  it(`answers ${route.success} to its owner with an api or ai_workflows token, by bearer or PRIVATE-TOKEN`, async () => {
    const variants: [string, (user: User) => Promise<Record<string, string>>][] = [
      ['api bearer', (user) => bearer(t, user, ['api'])],
      ['ai_workflows bearer', (user) => bearer(t, user, ['ai_workflows'])],
      ['ai_workflows PRIVATE-TOKEN', async (user) => ({ 'PRIVATE-TOKEN': await mintToken(t, user, ['ai_workflows']) })],
    ];
    for (const [how, headers] of variants) {
      // A fresh workflow each time: the route may have started or deleted the previous one.
      const fresh = await workflowWithEvent(t);
      const response = await call(await headers(fresh.user), fresh);
      expect({ how, status: response.status }).toEqual({ how, status: route.success });
    }
  });

  it(isRead(route) ? 'may be read with a read_api token' : 'is 403 insufficient_scope with a read_api token', async () => {
    const before = await state();
    const response = await call(await bearer(t, target.user, ['read_api']));
    if (isRead(route)) expect(response.status).toBe(200);
    else expect({ status: response.status, body: response.body }).toEqual({ status: 403, body: { message: '403 Forbidden - insufficient_scope' } });
    expect(await state()).toEqual(before);
  });

  it('is 404 for a user outside the project and for a maintainer of the project who does not own the workflow', async () => {
    const stranger = await createUser(t);
    const maintainer = await createUser(t);
    await addMember(t, target.project, maintainer, 40);
    const before = await state();
    for (const user of [stranger, maintainer]) {
      const response = await call(await bearer(t, user));
      expect({ status: response.status, body: response.body }).toEqual({ status: 404, body: NOT_FOUND });
    }
    expect(await state()).toEqual(before);
  });

  it(isRead(route) ? 'lets an administrator read it' : "is 403 for an administrator: admins read, but never write, another's workflow", async () => {
    const admin = await createAdmin(t);
    const before = await state();
    const response = await call(await bearer(t, admin));
    if (isRead(route)) {
      expect(response.status).toBe(200);
      expect(response.body).toEqual((await call(target.auth)).body);
    } else {
      expect({ status: response.status, body: response.body }).toEqual({ status: 403, body: FORBIDDEN });
      expect(await state()).toEqual(before);
    }
  });

  it('is 403 for its owner once demoted to reporter, removed from the project, or with Duo features turned off', async () => {
    const members = t.dataSource.getRepository(ProjectMember);
    const demotions: [string, (w: WorkflowTarget) => Promise<unknown>][] = [
      ['demoted to reporter', (w) => members.update({ projectId: w.project.id, userId: w.user.id }, { accessLevel: 20 })],
      ['removed', (w) => members.delete({ projectId: w.project.id, userId: w.user.id })],
      ['duo off', (w) => t.dataSource.getRepository(Project).update({ id: w.project.id }, { duoFeaturesEnabled: false })],
    ];
    for (const [how, demote] of demotions) {
      const fresh = await workflowWithEvent(t);
      await demote(fresh);
      const response = await call(fresh.auth, fresh);
      expect({ how, status: response.status, body: response.body }).toEqual({ how, status: 403, body: FORBIDDEN });
    }
  });

  it('is 404 for a workflow id that does not exist or cannot exist', async () => {
    for (const workflowId of [target.workflowId + 1000, 0, -1, '100000000000000000000', 'abc']) {
      const response = await call(target.auth, { ...target, workflowId: workflowId as number });
      expect({ workflowId, status: response.status, body: response.body }).toEqual({ workflowId, status: 404, body: NOT_FOUND });
    }
  });
});
