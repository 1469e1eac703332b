import { addMember, createProject, createUser } from '../../support/factories.js';
import { bearer } from '../../support/workflow-routes.js';
import { WORKFLOWS } from '../../support/workflow-fixtures.js';
import { workflowSuite } from '../../support/workflow-suite.js';

const BATCH = `${WORKFLOWS}/batch`;

/** The workflows of several threads at once: found, or created as if_exists do_nothing creates them. */
describe('workflows: a batch of threads', () => {
  const suite = workflowSuite();

  const post = (body: object, auth: Record<string, string> = suite.owner.auth) => suite.t.http.post(BATCH).set(auth).send({ project_id: suite.owner.project.id, ...body });
  const threads = (...ids: string[]) => ({ workflows: ids.map((thread_id) => ({ thread_id })) });
  const count = async () => (await suite.t.dataSource.query('SELECT count(*)::int AS n FROM duo_workflows_workflows'))[0].n as number;

  it('creates the workflows of new threads, in the order asked, as POST /workflows creates one', async () => {
    const response = await post({ workflows: [{ thread_id: 'b', goal: 'second thread' }, { thread_id: 'a' }] });
    expect(response.status).toBe(200);
    expect(response.body.map((workflow: { thread_id: string }) => workflow.thread_id)).toEqual(['b', 'a']);
    expect(response.body[0].goal).toBe('second thread');
    const single = await suite.t.http.post(WORKFLOWS).set(suite.owner.auth).send({ project_id: suite.owner.project.id, thread_id: 'c' }).expect(201);
    const comparable = ({ id: _id, thread_id: _thread, goal: _goal, created_at: _c, updated_at: _u, ...rest }: Record<string, unknown>) => rest;
    expect(comparable(response.body[1])).toEqual(comparable(single.body));
    expect(await count()).toBe(3);
  });

  it('answers the workflows that exist, unchanged, beside the new ones, and creates nothing twice', async () => {
    const existing = (await suite.t.http.post(WORKFLOWS).set(suite.owner.auth).send({ project_id: suite.owner.project.id, thread_id: 'old', goal: 'kept' })).body;
    const first = await post({ workflows: [{ thread_id: 'new' }, { thread_id: 'old', goal: 'ignored' }] }).expect(200);
    expect(first.body[1]).toEqual(existing);
    const again = await post(threads('old', 'new')).expect(200);
    expect(again.body).toEqual([first.body[1], first.body[0]]);
    expect(await count()).toBe(2);
  });

  it('gives concurrent batches of the same threads the same workflows', async () => {
    const ids = ['x', 'y', 'z'];
    const answers = await Promise.all([post(threads(...ids)), post(threads(...ids.toReversed())), post(threads('y'))]);
    const idOf = (body: { id: number; thread_id: string }[], thread: string) => body.find((workflow) => workflow.thread_id === thread)!.id;
    for (const answer of answers) expect(answer.status).toBe(200);
    for (const thread of ids) expect(idOf(answers[1].body, thread)).toBe(idOf(answers[0].body, thread));
    expect(idOf(answers[2].body, 'y')).toBe(idOf(answers[0].body, 'y'));
    expect(await count()).toBe(3);
  });

  it('keeps thread_ids apart per owner: a colleague gets workflows of their own', async () => {
    const mine = await post(threads('shared')).expect(200);
    const colleague = await createUser(suite.t);
    await addMember(suite.t, suite.owner.project, colleague, 30);
    const theirs = await post(threads('shared'), await bearer(suite.t, colleague)).expect(200);
    expect(theirs.body[0].id).not.toBe(mine.body[0].id);
    expect(theirs.body[0].user_id).toBe(Number(colleague.id));
  });

  it('answers 404 for a project the caller cannot see and 403 without duo_workflow, creating nothing', async () => {
    const hidden = await createProject(suite.t);
    await post({ ...threads('a'), project_id: hidden.id }).expect(404);
    const reporter = await createUser(suite.t);
    await addMember(suite.t, suite.owner.project, reporter, 20);
    await post(threads('a'), await bearer(suite.t, reporter)).expect(403);
    const off = await createProject(suite.t, { duoFeaturesEnabled: false, members: [[suite.owner.user, 30]] });
    await post({ ...threads('a'), project_id: off.id }).expect(403);
    expect(await count()).toBe(0);
  });

  it.each([
    ['no threads', { workflows: [] }, /workflows must contain at least 1 elements/],
    ['a thread named twice', threads('a', 'a'), /each thread_id once/],
    ['an empty thread_id', threads(''), /thread_id must be longer than or equal to 1 characters/],
    ['a thread_id of 256 characters', threads('t'.repeat(256)), /thread_id must be shorter than or equal to 255 characters/],
    ['an unknown field in an item', { workflows: [{ thread_id: 'a', if_exists: 'raise' }] }, /property if_exists should not exist/],
    ['101 threads', threads(...Array.from({ length: 101 }, (_, i) => `t${i}`)), /workflows must contain no more than 100 elements/],
  ])('refuses %s (400) and creates nothing', async (_name, body, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(message);
    expect(await count()).toBe(0);
  });

  it('needs a token (401)', async () => {
    await suite.t.http.post(BATCH).send({ project_id: suite.owner.project.id, ...threads('a') }).expect(401);
  });
});
