import { startTestApp, type TestApp } from '../support/test-app.js';

describe('operations endpoints', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports liveness without a token', async () => {
    const response = await t.http.get('/-/liveness');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('reports readiness: database reachable, migrations current', async () => {
    const response = await t.http.get('/-/readiness');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'ok', migrations: 'current' });
  });

  it('reports health with the same checks', async () => {
    const response = await t.http.get('/-/health');
    expect(response.status).toBe(200);
    expect(response.body.database).toBe('ok');
  });

  it('publishes Prometheus metrics: request durations by route and status, pool gauges, process metrics', async () => {
    await t.http.get('/-/liveness');
    const response = await t.http.get('/-/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/-\/liveness",status="200"\} \d+/);
    expect(response.text).toMatch(/db_pool_connections_total \d+/);
    expect(response.text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI 3 document and the Swagger UI', async () => {
    const json = await t.http.get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await t.http.get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
