import type { Scope } from '../../src/auth/scopes.js';
import { authenticatedRoutes, call, describeRoute, type ApiRoute } from '../support/api-routes.js';
import { createUser, mintToken } from '../support/factories.js';
import { startProbeApp, type ProbeApp } from '../support/probe-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const INSUFFICIENT_SCOPE = { message: '403 Forbidden - insufficient_scope' };
const AI_WORKFLOWS = /^\/api\/v4\/ai\/duo_workflows\//;

/**
 * Each scope against each route class, on every authenticated route of the app: `api` reaches
 * everything, `read_api` every GET, `ai_workflows` only /api/v4/ai/duo_workflows/. "Reaches" means
 * the guard lets the request through (whatever the route then answers: 404, 403 Forbidden, 400).
 */
describe('scopes', () => {
  let t: TestApp;
  let routes: ApiRoute[];
  beforeAll(async () => {
    t = await startTestApp();
    routes = await authenticatedRoutes(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.truncate());

  const reaches: Record<Scope, (route: ApiRoute) => boolean> = {
    api: () => true,
    read_api: (route) => route.method === 'get',
    ai_workflows: (route) => AI_WORKFLOWS.test(route.template),
  };

  it.each(Object.keys(reaches) as Scope[])('a token with only %s reaches exactly its routes', async (scope) => {
    const token = await mintToken(t, await createUser(t), [scope]);
    for (const route of routes) {
      const response = await call(t, route, { Authorization: `Bearer ${token}` });
      const refused = response.status === 403 && response.body.message === INSUFFICIENT_SCOPE.message;
      expect({ route: describeRoute(route), reached: !refused && response.status !== 401 }).toEqual({
        route: describeRoute(route),
        reached: reaches[scope](route),
      });
      if (refused) expect(response.body).toEqual(INSUFFICIENT_SCOPE);
    }
  });

  it('adds up several scopes: read_api and ai_workflows together reach GETs and the AI routes', async () => {
    const token = await mintToken(t, await createUser(t), ['read_api', 'ai_workflows']);
    for (const route of routes) {
      const response = await call(t, route, { Authorization: `Bearer ${token}` });
      const reached = !(response.status === 403 && response.body.message === INSUFFICIENT_SCOPE.message);
      expect({ route: describeRoute(route), reached }).toEqual({ route: describeRoute(route), reached: reaches.read_api(route) || reaches.ai_workflows(route) });
    }
  });
});

describe('@AiWorkflowsRoute()', () => {
  let t: ProbeApp;
  beforeAll(async () => {
    t = await startProbeApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.truncate());

  it.each<[Scope, number, number, number]>([
    // scope, GET marked, POST marked, GET unmarked
    ['ai_workflows', 200, 201, 403],
    ['read_api', 200, 403, 200],
    ['api', 200, 201, 200],
  ])('%s: GET %i, POST %i on a marked route; GET %i on an unmarked one', async (scope, read, write, plain) => {
    const auth = { Authorization: `Bearer ${await mintToken(t, await createUser(t), [scope])}` };
    expect((await t.http.get('/api/v4/ai/duo_workflows/probe').set(auth)).status).toBe(read);
    expect((await t.http.post('/api/v4/ai/duo_workflows/probe').set(auth)).status).toBe(write);
    expect((await t.http.get('/api/v4/probe').set(auth)).status).toBe(plain);
  });
});
