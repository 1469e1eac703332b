import request from 'supertest';
import { OpenApiValidator } from '../../support/openapi-validator.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { validatedHttp } from '../../support/validated-http.js';
import { workflowOwner, WORKFLOWS } from '../../support/workflow-fixtures.js';

const ROUTE = `${WORKFLOWS}/{id}`;

/**
 * The drift check itself: every e2e spec relies on it passing good responses, so these prove it
 * also fails bad ones, against the real document of the running app.
 */
describe('OpenAPI drift check', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => t.truncate());
  afterAll(() => t.close());

  const json = (path: string, status: number, body: unknown, method = 'GET') => ({
    method,
    path,
    status,
    contentType: 'application/json; charset=utf-8',
    text: JSON.stringify(body),
    body,
  });

  it('passes a real workflow body and fails it once a field is mistyped, missing, unknown or out of its enum', async () => {
    const { auth, project } = await workflowOwner(t);
    const workflow = (await t.http.post(WORKFLOWS).set(auth).send({ project_id: project.id })).body as Record<string, unknown>;
    const path = `${WORKFLOWS}/${workflow.id}`;
    expect(t.openApi.check(json(path, 200, workflow))).toBeNull();

    const { user_id: _dropped, ...missing } = workflow;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...workflow, id: String(workflow.id) }, /\/id must be integer/],
      [{ ...workflow, project_id: 1.5 }, /\/project_id must be integer/],
      [missing, /must have required property 'user_id'/],
      [{ ...workflow, secret: 'x' }, /must NOT have additional properties.*secret/],
      [{ ...workflow, status: 'exploded' }, /\/status must be equal to one of the allowed values/],
      [{ ...workflow, created_at: 'yesterday' }, /\/created_at must match format "date-time"/],
      [{ ...workflow, agent_privileges: ['1'] }, /\/agent_privileges\/0 must be integer/],
      [{ ...workflow, pre_approved_agent_privileges: [8] }, /\/pre_approved_agent_privileges\/0 must be equal to one of the allowed values/],
    ];
    for (const [body, message] of cases) {
      const drift = t.openApi.check(json(path, 200, body));
      expect(drift).toContain(`GET ${ROUTE} 200: the body does not match the documented schema`);
      expect(drift).toMatch(message);
    }
  });

  it('accepts null only where the schema says nullable', async () => {
    const { auth, project } = await workflowOwner(t);
    const workflow = (await t.http.post(WORKFLOWS).set(auth).send({ project_id: project.id })).body as Record<string, unknown>;
    const path = `${WORKFLOWS}/${workflow.id}`;
    expect(t.openApi.check(json(path, 200, { ...workflow, goal: null, environment: null, image: null }))).toBeNull();
    expect(t.openApi.check(json(path, 200, { ...workflow, thread_id: null }))).toMatch(/\/thread_id must be string/);
  });

  it('fails a status the route does not document, and a JSON body where it documents none', () => {
    expect(t.openApi.check(json(`${WORKFLOWS}/1`, 418, { message: "418 I'm a teapot" }))).toBe(
      `GET ${ROUTE} answered 418, a status the document does not list for it`,
    );
    expect(t.openApi.check(json(`${WORKFLOWS}/1`, 204, { deleted: true }, 'DELETE'))).toMatch(/DELETE .* 204 sent a JSON body/);
  });

  it('matches literal segments before parameters, and the method before the path', () => {
    const privileges = { all_privileges: [{ id: 1, name: 'read_write_files', description: 'd', default_enabled: true }] };
    expect(t.openApi.check(json(`${WORKFLOWS}/agent_privileges`, 200, privileges))).toBeNull();
    expect(t.openApi.check(json(`${WORKFLOWS}/agent_privileges`, 200, { id: 1 }))).toMatch(/agent_privileges 200/);
    // No DELETE on /agent_privileges: the router sends it to DELETE /{id}, and so does the check.
    expect(t.openApi.check(json(`${WORKFLOWS}/agent_privileges`, 409, { message: '409 Conflict' }, 'DELETE'))).toBe(
      `DELETE ${ROUTE} answered 409, a status the document does not list for it`,
    );
  });

  it('holds unknown routes to the generic error body, and skips bodies that are not JSON', () => {
    expect(t.openApi.check(json('/api/v4/nothing-here', 404, { message: '404 Not Found' }))).toBeNull();
    expect(t.openApi.check(json('/api/v4/nothing-here', 404, { error: 'Not Found' }))).toMatch(/not in the document.*\n.*must have required property 'message'/);
    expect(t.openApi.check(json('/api/v4/nothing-here', 200, { ok: true }))).toMatch(/answered 200 with a JSON body/);
    expect(t.openApi.check({ method: 'GET', path: '/-/metrics', status: 200, contentType: 'text/plain', text: 'up 1', body: {} })).toBeNull();
  });

  it('fails the request itself when a response drifts, naming route, status and errors', async () => {
    // The app's document with the workflow id retyped as a string: every real workflow now drifts.
    const document = (await t.http.get('/api/docs-json')).body;
    document.components.schemas.WorkflowSerializer.properties.id = { type: 'string' };
    const strict = validatedHttp(request(t.app.getHttpServer()), new OpenApiValidator(document));
    const { auth, project } = await workflowOwner(t);
    await expect(strict.post(WORKFLOWS).set(auth).send({ project_id: project.id })).rejects.toThrow(
      new RegExp(`OpenAPI drift: POST ${WORKFLOWS} 201: the body does not match the documented schema\\n\\s+/id must be string`),
    );
  });
});
