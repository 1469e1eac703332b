import { addMember, createProject, createUser } from '../../support/factories.js';
import { bearer } from '../../support/workflow-routes.js';
import { WORKFLOWS } from '../../support/workflow-fixtures.js';
import { workflowSuite } from '../../support/workflow-suite.js';

/** thread_id: unique per project and owner, with if_exists deciding what a second create does. */
describe('workflows: thread_id and if_exists', () => {
  const suite = workflowSuite();

  const post = (body: object, auth: Record<string, string> = suite.owner.auth) => suite.t.http.post(WORKFLOWS).set(auth).send({ project_id: suite.owner.project.id, ...body });
  const count = async () => (await suite.t.dataSource.query('SELECT count(*)::int AS n FROM duo_workflows_workflows'))[0].n as number;

  it('answers 409 naming the thread_id for a second create of it, by default and with if_exists raise', async () => {
    expect((await post({ thread_id: 'thread-a' })).status).toBe(201);
    for (const ifExists of [{}, { if_exists: 'raise' }]) {
      const response = await post({ thread_id: 'thread-a', ...ifExists });
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/^409 Conflict - .*thread_id.*"thread-a"/);
    }
    expect(await count()).toBe(1);
  });

  it('answers 200 with the workflow already there, unchanged, for if_exists do_nothing', async () => {
    const first = await post({ thread_id: 'thread-a', goal: 'first' });
    const again = await post({ thread_id: 'thread-a', goal: 'second', environment: 'web', if_exists: 'do_nothing' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const fresh = await post({ thread_id: 'thread-b', if_exists: 'do_nothing' });
    expect(fresh.status).toBe(201);
    expect(await count()).toBe(2);
  });

  it('keeps thread_ids apart per project and per owner', async () => {
    expect((await post({ thread_id: 'shared' })).status).toBe(201);
    const otherProject = await createProject(suite.t, { members: [[suite.owner.user, 30]] });
    expect((await post({ thread_id: 'shared', project_id: otherProject.id })).status).toBe(201);
    const colleague = await createUser(suite.t);
    await addMember(suite.t, suite.owner.project, colleague, 30);
    const theirs = await post({ thread_id: 'shared', if_exists: 'do_nothing' }, await bearer(suite.t, colleague));
    expect(theirs.status).toBe(201);
    expect(theirs.body.user_id).toBe(Number(colleague.id));
  });

  // Regression: the default thread_id (the new id) collided with an explicit thread_id equal to it,
  // answering 409 "thread_id undefined" to a create that named no thread_id at all.
  it('gives a create without thread_id a fresh workflow even when an explicit thread_id equals the next id', async () => {
    for (const ifExists of [{}, { if_exists: 'do_nothing' }]) {
      // Workflow N names thread_id "N+1", which is the default the next create would get.
      const explicit = await post({ thread_id: 'placeholder-' + JSON.stringify(ifExists) });
      const ahead = await post({ thread_id: String(explicit.body.id + 2) });
      expect(ahead.body.id).toBe(explicit.body.id + 1);
      const response = await post(ifExists);
      expect(response.status).toBe(201);
      expect(response.body.thread_id).toBe(String(response.body.id));
      expect(response.body.id).toBeGreaterThan(explicit.body.id + 2);
    }
    expect(await count()).toBe(6);
  });

  it('stores one workflow for parallel do_nothing creates of one thread_id, and hands every caller that one', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => post({ thread_id: 'race', if_exists: 'do_nothing' })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await count()).toBe(1);
  });

  it('lets exactly one of parallel raise creates of one thread_id win; the others get 409', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => post({ thread_id: 'race' })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await count()).toBe(1);
  });
});
