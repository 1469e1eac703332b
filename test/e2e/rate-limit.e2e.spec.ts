import { createProject, createUser, mintToken } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_API_READ: '3', RATE_LIMIT_AI_WORKFLOWS: '2', RATE_LIMIT_WINDOW_SECONDS: '60' });
  });
  // No truncation between these tests: user ids must not repeat, or budgets would carry over.
  beforeAll(() => t.truncate());
  afterAll(() => t.close());

  const bearer = async () => ({ Authorization: `Bearer ${await mintToken(t, await createUser(t))}` });

  it('answers 429 with Retry-After once a user spends the class budget, per user and per class', async () => {
    const alice = await bearer();
    for (let i = 0; i < 3; i++) expect((await t.http.get('/api/v4/user').set(alice)).status).toBe(200);
    const limited = await t.http.get('/api/v4/user').set(alice);
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/^429 Too Many Requests - retry in \d+ seconds$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    // Another route of the same class shares the budget; another class does not.
    expect((await t.http.get('/api/v4/projects').set(alice)).status).toBe(429);
    expect((await t.http.get('/api/v4/ai/duo_workflows/workflows').set(alice)).status).toBe(200);
    // Another user has a budget of their own.
    expect((await t.http.get('/api/v4/user').set(await bearer())).status).toBe(200);
  });

  it('limits the Duo Workflow routes separately', async () => {
    const bob = await bearer();
    await createProject(t);
    expect((await t.http.get('/api/v4/ai/duo_workflows/workflows').set(bob)).status).toBe(200);
    expect((await t.http.get('/api/v4/ai/duo_workflows/workflows/agent_privileges').set(bob)).status).toBe(200);
    expect((await t.http.get('/api/v4/ai/duo_workflows/workflows').set(bob)).status).toBe(429);
  });

  it('never limits health checks', async () => {
    for (let i = 0; i < 10; i++) expect((await t.http.get('/-/liveness')).status).toBe(200);
  });
});

describe('rate limits switched off', () => {
  it('lets any number of requests through with RATE_LIMIT_ENABLED=false', async () => {
    const t = await startTestApp({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_API_READ: '1' });
    try {
      const auth = { Authorization: `Bearer ${await mintToken(t, await createUser(t))}` };
      for (let i = 0; i < 5; i++) expect((await t.http.get('/api/v4/user').set(auth)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
