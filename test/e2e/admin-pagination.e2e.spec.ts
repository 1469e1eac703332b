import { createAdmin, createProject, createUser, mintToken } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The admin lists page the way GitLab's do: page, per_page, X-* headers and Link. */
describe('pagination of the admin lists', () => {
  let t: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    await t.truncate();
    const admin = await createAdmin(t);
    auth = { Authorization: `Bearer ${await mintToken(t, admin)}` };
    for (let i = 0; i < 4; i++) await createUser(t);
    for (let i = 0; i < 3; i++) await createProject(t);
  });
  afterAll(() => t.close());

  it('pages users newest first with GitLab headers', async () => {
    const first = await t.http.get('/api/v4/users').query({ per_page: 2 }).set(auth);
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(2);
    expect(first.headers).toMatchObject({ 'x-page': '1', 'x-per-page': '2', 'x-next-page': '2', 'x-prev-page': '', 'x-total': '5', 'x-total-pages': '3' });
    const last = await t.http.get('/api/v4/users').query({ per_page: 2, page: 3 }).set(auth);
    expect(last.body).toHaveLength(1);
    expect(last.headers['x-next-page']).toBe('');
    const ids = [...first.body, ...(await t.http.get('/api/v4/users').query({ per_page: 2, page: 2 }).set(auth)).body, ...last.body].map((u: { id: number }) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('pages projects and refuses a bad page with 400', async () => {
    const page = await t.http.get('/api/v4/projects').query({ per_page: 2, page: 2 }).set(auth);
    expect(page.body).toHaveLength(1);
    expect(page.headers['x-total']).toBe('3');
    expect((await t.http.get('/api/v4/projects').query({ page: 0 }).set(auth)).status).toBe(400);
    expect((await t.http.get('/api/v4/users').query({ pagination: 'keyset' }).set(auth)).status).toBe(400);
  });
});
