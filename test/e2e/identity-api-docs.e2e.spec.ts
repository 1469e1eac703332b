import { startTestApp, type TestApp } from '../support/test-app.js';

type Operation = { summary?: string; security?: unknown[]; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] };
type Document = { paths: Record<string, Record<string, Operation>>; security?: unknown[] };

const IDENTITY_PATHS = /^\/api\/v4\/(user|users|projects)(\/|$)/;

/** The identity routes as Swagger shows them: security, every status they send, and the public exceptions. */
describe('identity routes in the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;
  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http.get('/api/docs-json')).body;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(document.paths)
      .filter(([path]) => IDENTITY_PATHS.test(path))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));

  it('lists all eighteen identity routes', () => {
    expect(operations().map(({ route }) => route).sort()).toEqual(
      [
        'GET /api/v4/user',
        'GET /api/v4/users',
        'POST /api/v4/users',
        'GET /api/v4/users/{id}',
        'PATCH /api/v4/users/{id}',
        'DELETE /api/v4/users/{id}',
        'GET /api/v4/users/{user_id}/tokens',
        'POST /api/v4/users/{user_id}/tokens',
        'DELETE /api/v4/users/{user_id}/tokens/{token_id}',
        'GET /api/v4/projects',
        'POST /api/v4/projects',
        'GET /api/v4/projects/{id}',
        'PATCH /api/v4/projects/{id}',
        'DELETE /api/v4/projects/{id}',
        'GET /api/v4/projects/{id}/members',
        'POST /api/v4/projects/{id}/members',
        'PUT /api/v4/projects/{id}/members/{user_id}',
        'DELETE /api/v4/projects/{id}/members/{user_id}',
      ].sort(),
    );
  });

  it('requires a Bearer or PRIVATE-TOKEN token on each, and documents 401 and 403', () => {
    expect(document.security).toEqual([{ bearer: [] }, { 'private-token': [] }]);
    for (const { route, operation } of operations()) {
      expect({ route, security: operation.security }).toEqual({ route, security: undefined }); // inherits the global requirement
      expect({ route, documented: ['401', '403'].filter((status) => status in operation.responses) }).toEqual({ route, documented: ['401', '403'] });
      expect({ route, summary: typeof operation.summary }).toEqual({ route, summary: 'string' });
    }
  });

  it('documents the success status of each route: 201 for creates, 204 for deletes, 200 otherwise', () => {
    for (const { route, operation } of operations()) {
      const expected = route.startsWith('DELETE') ? '204' : route.startsWith('POST') ? '201' : '200';
      expect({ route, success: Object.keys(operation.responses).filter((status) => status.startsWith('2')) }).toEqual({ route, success: [expected] });
    }
  });

  it('documents 404 wherever a path names a record, and the project parameter as id or full path', () => {
    for (const { route, operation } of operations().filter(({ route }) => route.includes('{'))) {
      expect({ route, has404: '404' in operation.responses }).toEqual({ route, has404: true });
    }
    const show = document.paths['/api/v4/projects/{id}'].get;
    expect(JSON.stringify(show.parameters)).toMatch(/URL-encoded full path/);
  });

  it('marks the public routes as needing no credentials', () => {
    for (const path of ['/-/liveness', '/-/readiness', '/-/health']) {
      expect({ path, security: document.paths[path].get.security }).toEqual({ path, security: [{}] });
    }
  });
});
