import { addMember, createAdmin, createProject, createUser } from '../../support/factories.js';
import { bearer } from '../../support/workflow-routes.js';
import { createWorkflow, WORKFLOWS } from '../../support/workflow-fixtures.js';
import { workflowSuite } from '../../support/workflow-suite.js';

/** GET /workflows: the caller's own workflows, newest first, filtered and paginated as GitLab does. */
describe('workflows: the list', () => {
  const suite = workflowSuite();

  const list = (query = '', auth: Record<string, string> = suite.owner.auth) => suite.t.http.get(`${WORKFLOWS}${query}`).set(auth);
  const ids = (response: { body: { id: number }[] }) => response.body.map((workflow) => workflow.id);
  /** `n` workflows of the suite's owner, in creation order. */
  const create = async (n: number, body: object = {}) => {
    const created: number[] = [];
    for (let i = 0; i < n; i++) created.push((await createWorkflow(suite.t, suite.owner.auth, { project_id: suite.owner.project.id, ...body })).id);
    return created;
  };

  it("lists only the caller's own workflows, newest first, as whole entities", async () => {
    const mine = await create(3);
    const colleague = await createUser(suite.t);
    await addMember(suite.t, suite.owner.project, colleague, 40);
    await createWorkflow(suite.t, await bearer(suite.t, colleague), { project_id: suite.owner.project.id });
    const response = await list();
    expect(response.status).toBe(200);
    expect(ids(response)).toEqual([...mine].reverse());
    const shown = await suite.t.http.get(`${WORKFLOWS}/${mine[0]}`).set(suite.owner.auth);
    expect(response.body[2]).toEqual(shown.body);
  });

  it('filters by project (id or full path), thread_id and status', async () => {
    const [first, second] = await create(2);
    const elsewhere = await createProject(suite.t, { members: [[suite.owner.user, 30]] });
    const other = (await createWorkflow(suite.t, suite.owner.auth, { project_id: elsewhere.id, thread_id: 'named' })).id;
    await suite.t.dataSource.query(`UPDATE duo_workflows_workflows SET status = 'running' WHERE id = $1`, [second]);

    expect(ids(await list(`?project_id=${suite.owner.project.id}`))).toEqual([second, first]);
    expect(ids(await list(`?project_id=${encodeURIComponent(elsewhere.pathWithNamespace)}`))).toEqual([other]);
    expect(ids(await list('?thread_id=named'))).toEqual([other]);
    expect(ids(await list(`?thread_id=${first}`))).toEqual([first]);
    expect(ids(await list('?status=running'))).toEqual([second]);
    expect(ids(await list(`?status=created&project_id=${suite.owner.project.id}`))).toEqual([first]);
    expect(ids(await list('?thread_id=nothing'))).toEqual([]);
  });

  it('is 404 for a project filter the caller cannot see, and 400 naming a bad parameter', async () => {
    const hidden = await createProject(suite.t);
    const response = await list(`?project_id=${hidden.id}`);
    expect({ status: response.status, body: response.body }).toEqual({ status: 404, body: { message: '404 Project Not Found' } });
    for (const [query, field] of [
      ['?status=exploded', 'status'],
      ['?page=0', 'page'],
      ['?per_page=0', 'per_page'],
      ['?per_page=ten', 'per_page'],
      ['?pagination=cursor', 'pagination'],
      ['?pagination=keyset&id_before=abc', 'id_before'],
      ['?all=maybe', 'all'],
      ['?admin=true', 'admin'],
    ]) {
      const bad = await list(query);
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
      expect(bad.body.message).toMatch(new RegExp(`^400 Bad request - .*${field}`));
    }
  });

  it("shows everyone's workflows to an administrator with all=true only; all=true changes nothing for others", async () => {
    const mine = await create(1);
    const admin = await createAdmin(suite.t);
    const adminAuth = await bearer(suite.t, admin);
    const adminsOwn = (await createWorkflow(suite.t, adminAuth, { project_id: suite.owner.project.id })).id;
    expect(ids(await list('', adminAuth))).toEqual([adminsOwn]);
    expect(ids(await list('?all=true', adminAuth))).toEqual([adminsOwn, ...mine]);
    expect(ids(await list('?all=false', adminAuth))).toEqual([adminsOwn]);
    expect(ids(await list('?all=true'))).toEqual(mine);
  });

  it('takes read_api and ai_workflows tokens, and is 401 without one', async () => {
    const mine = await create(1);
    for (const scope of ['read_api', 'ai_workflows'] as const) expect(ids(await list('', await bearer(suite.t, suite.owner.user, [scope])))).toEqual(mine);
    const anonymous = await list('', {});
    expect({ status: anonymous.status, body: anonymous.body }).toEqual({ status: 401, body: { message: '401 Unauthorized' } });
  });

  describe('pagination', () => {
    const header = (response: { headers: Record<string, string> }) => (name: string) => response.headers[name.toLowerCase()];
    const links = (link: string) =>
      Object.fromEntries(link.split(', ').map((part) => [/rel="(\w+)"/.exec(part)![1], new URL(/<([^>]+)>/.exec(part)![1])]));

    it("sets GitLab's offset headers on every page, with Link keeping the query", async () => {
      const created = (await create(5)).reverse();
      const pages = [1, 2, 3].map((page) => list(`?per_page=2&page=${page}&status=created`));
      const [first, second, third] = await Promise.all(pages);
      expect([ids(first), ids(second), ids(third)]).toEqual([created.slice(0, 2), created.slice(2, 4), created.slice(4)]);
      const expected: [number, string, string][] = [
        [1, '2', ''],
        [2, '3', '1'],
        [3, '', '2'],
      ];
      for (const [response, [page, next, prev]] of [first, second, third].map((r, i) => [r, expected[i]] as const)) {
        const h = header(response);
        expect([h('X-Page'), h('X-Per-Page'), h('X-Next-Page'), h('X-Prev-Page'), h('X-Total'), h('X-Total-Pages')]).toEqual([
          String(page),
          '2',
          next,
          prev,
          '5',
          '3',
        ]);
        const rel = links(h('Link'));
        expect(rel.first.searchParams.get('page')).toBe('1');
        expect(rel.last.searchParams.get('page')).toBe('3');
        expect(rel.next?.searchParams.get('page') ?? '').toBe(next);
        expect(rel.prev?.searchParams.get('page') ?? '').toBe(prev);
        for (const url of Object.values(rel)) expect([url.pathname, url.searchParams.get('per_page'), url.searchParams.get('status')]).toEqual([WORKFLOWS, '2', 'created']);
      }
    });

    /** `n` workflows of the suite's owner, straight into the table: for counts an API loop would take long to reach. */
    const bulk = (n: number) =>
      suite.t.dataSource.query(
        `INSERT INTO duo_workflows_workflows (project_id, user_id, thread_id, agent_privileges, pre_approved_agent_privileges)
         SELECT $1, $2, 'bulk-' || g, '{1,2}', '{1,2}' FROM generate_series(1, $3) g`,
        [suite.owner.project.id, suite.owner.user.id, n],
      );

    it('defaults to 20 a page and caps per_page at 100', async () => {
      await bulk(105);
      const plain = await list();
      expect([plain.body.length, header(plain)('X-Per-Page'), header(plain)('X-Total-Pages')]).toEqual([20, '20', '6']);
      const capped = await list('?per_page=500');
      expect(capped.status).toBe(200);
      expect([capped.body.length, header(capped)('X-Per-Page'), header(capped)('X-Total'), header(capped)('X-Total-Pages')]).toEqual([100, '100', '105', '2']);
    });

    it('leaves out X-Total, X-Total-Pages and rel="last" above 10,000 workflows, as GitLab does', async () => {
      await bulk(10_001);
      const response = await list('?per_page=100&page=2');
      expect(response.body).toHaveLength(100);
      expect([header(response)('X-Page'), header(response)('X-Next-Page'), header(response)('X-Prev-Page')]).toEqual(['2', '3', '1']);
      expect(header(response)('X-Total')).toBeUndefined();
      expect(header(response)('X-Total-Pages')).toBeUndefined();
      expect(Object.keys(links(header(response)('Link'))).sort()).toEqual(['first', 'next', 'prev']);
    });

    it('walks every workflow once, newest first, by following Link rel="next" in keyset mode', async () => {
      const created = (await create(7)).reverse();
      const seen: number[] = [];
      let next: string | undefined = `${WORKFLOWS}?pagination=keyset&per_page=3&status=created`;
      let pages = 0;
      while (next) {
        const response: { status: number; body: { id: number }[]; headers: Record<string, string> } = await suite.t.http.get(next).set(suite.owner.auth);
        expect(response.status).toBe(200);
        expect(header(response)('X-Per-Page')).toBe('3');
        seen.push(...ids(response));
        const link: string | undefined = header(response)('Link');
        next = link ? `${links(link).next.pathname}${links(link).next.search}` : undefined;
        if (next) {
          const query = new URL(next, 'http://x').searchParams;
          expect([query.get('id_before'), query.get('status')]).toEqual([String(seen[seen.length - 1]), 'created']);
        }
        pages++;
      }
      expect(seen).toEqual(created);
      expect(pages).toBe(3);
    });

    it('starts a keyset page below id_before', async () => {
      const created = (await create(4)).reverse();
      expect(ids(await list(`?pagination=keyset&id_before=${created[1]}`))).toEqual(created.slice(2));
    });
  });
});
