import type { Scope } from '../../../src/auth/scopes.js';
import type { User } from '../../../src/users/entities/user.entity.js';
import { b64, checkpointId, langgraphCheckpoint, postCheckpoint } from '../../support/checkpoint-fixtures.js';
import { addMember, createAdmin, createUser, mintToken } from '../../support/factories.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createWorkflow, workflowOwner, WORKFLOWS } from '../../support/workflow-fixtures.js';

type Route = { name: string; method: 'get' | 'post'; path: (workflowId: number, checkpointId: number, projectId: string) => string; body?: object };

const ROUTES: Route[] = [
  { name: 'list', method: 'get', path: (w) => `${WORKFLOWS}/${w}/checkpoints` },
  { name: 'latest', method: 'get', path: (w) => `${WORKFLOWS}/${w}/checkpoints/latest` },
  { name: 'by_thread_ts', method: 'get', path: (w) => `${WORKFLOWS}/${w}/checkpoints/by_thread_ts?thread_ts=${checkpointId(1)}` },
  { name: 'by id', method: 'get', path: (w, c) => `${WORKFLOWS}/${w}/checkpoints/${c}` },
  { name: 'across threads', method: 'get', path: (_w, _c, p) => `/api/v4/ai/duo_workflows/checkpoints?project_id=${p}` },
  {
    name: 'create',
    method: 'post',
    path: (w) => `${WORKFLOWS}/${w}/checkpoints`,
    body: { thread_ts: checkpointId(2), parent_ts: checkpointId(1), metadata: {}, checkpoint: langgraphCheckpoint(checkpointId(2), {}, {}) },
  },
  {
    name: 'writes',
    method: 'post',
    path: (w) => `${WORKFLOWS}/${w}/checkpoint_writes_batch`,
    body: { thread_ts: checkpointId(1), checkpoint_writes: [{ task: 't', idx: 0, channel: 'c', write_type: 'json', data: b64('1') }] },
  },
  {
    name: 'delta_history',
    method: 'post',
    path: (w) => `${WORKFLOWS}/${w}/checkpoints/delta_history`,
    body: { thread_ts: checkpointId(1), checkpoint_ns: '', channels: ['c'] },
  },
];
const READS = ROUTES.filter((r) => r.method === 'get');
const WRITES = ROUTES.filter((r) => r.method === 'post' && r.name !== 'delta_history');

/** GitLab's request-spec matrix for every checkpoint route. */
describe('checkpoints: who may call what', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof workflowOwner>>;
  let workflowId: number;
  let checkpointRowId: number;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await t.truncate();
    owner = await workflowOwner(t);
    workflowId = (await createWorkflow(t, owner.auth, { project_id: owner.project.id })).id;
    checkpointRowId = (await postCheckpoint(t, owner.auth, workflowId, { thread_ts: checkpointId(1), checkpoint: langgraphCheckpoint(checkpointId(1), {}, {}) })).body.id;
  });
  afterAll(() => t.close());

  const call = (route: Route, headers: Record<string, string>) => {
    const request = t.http[route.method](route.path(workflowId, checkpointRowId, owner.project.id)).set(headers);
    return route.body ? request.send(route.body) : request;
  };
  const bearer = async (user: User, scopes: Scope[] = ['api']) => ({ Authorization: `Bearer ${await mintToken(t, user, scopes)}` });

  it.each(ROUTES.map((r) => [r.name, r]))('%s: 401 without a token or with garbage', async (_name, route) => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer garbage' }, { 'PRIVATE-TOKEN': 'garbage' }];
    for (const headers of attempts) {
      const response = await call(route, headers);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message: '401 Unauthorized' });
    }
  });

  it.each(ROUTES.map((r) => [r.name, r]))('%s: works for the owner with an api or ai_workflows token, and as PRIVATE-TOKEN', async (_name, route) => {
    for (const scopes of [['api'], ['ai_workflows']] as Scope[][]) {
      expect([200, 201]).toContain((await call(route, await bearer(owner.user, scopes))).status);
    }
    const token = await mintToken(t, owner.user, ['ai_workflows']);
    expect([200, 201]).toContain((await call(route, { 'PRIVATE-TOKEN': token })).status);
  });

  it.each(READS.map((r) => [r.name, r]))('%s: a read_api token may read', async (_name, route) => {
    expect((await call(route, await bearer(owner.user, ['read_api']))).status).toBe(200);
  });

  it.each(WRITES.map((r) => [r.name, r]))('%s: a read_api token may not write (403 insufficient_scope)', async (_name, route) => {
    const response = await call(route, await bearer(owner.user, ['read_api']));
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ message: '403 Forbidden - insufficient_scope' });
  });

  it.each(ROUTES.filter((r) => r.name !== 'across threads').map((r) => [r.name, r]))(
    "%s: 404 for someone else's workflow, even a maintainer of its project",
    async (_name, route) => {
      const maintainer = await createUser(t);
      await addMember(t, owner.project, maintainer, 40);
      const stranger = await createUser(t);
      for (const user of [maintainer, stranger]) {
        const response = await call(route, await bearer(user));
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ message: '404 Workflow Not Found' });
      }
    },
  );

  it('across threads: 404 for a project the caller cannot see, 403 for a reporter', async () => {
    const route = ROUTES.find((r) => r.name === 'across threads')!;
    expect((await call(route, await bearer(await createUser(t)))).status).toBe(404);
    const reporter = await createUser(t);
    await addMember(t, owner.project, reporter, 20);
    expect((await call(route, await bearer(reporter))).status).toBe(403);
  });

  it.each(ROUTES.filter((r) => r.name !== 'across threads').map((r) => [r.name, r]))(
    '%s: an admin may read any workflow, and writes to it are forbidden',
    async (_name, route) => {
      const response = await call(route, await bearer(await createAdmin(t)));
      expect(response.status).toBe(route.method === 'get' || route.name === 'delta_history' ? 200 : 403);
    },
  );

  it.each(ROUTES.map((r) => [r.name, r]))('%s: 403 for the owner once demoted to reporter or with Duo turned off', async (_name, route) => {
    await t.dataSource.query('UPDATE project_members SET access_level = 20 WHERE user_id = $1', [owner.user.id]);
    expect((await call(route, owner.auth)).status).toBe(403);
    await t.dataSource.query('UPDATE project_members SET access_level = 30 WHERE user_id = $1', [owner.user.id]);
    expect([200, 201]).toContain((await call(route, owner.auth)).status);
    await t.dataSource.query('UPDATE projects SET duo_features_enabled = false WHERE id = $1', [owner.project.id]);
    expect((await call(route, owner.auth)).status).toBe(403);
  });
});
