import { WORKFLOWS } from '../../support/workflow-fixtures.js';
import { workflowSuite } from '../../support/workflow-suite.js';

const long = (length: number) => 'x'.repeat(length);

/** POST /workflows: 400 for each invalid field, naming it; nothing is stored. */
describe('workflows: create validation', () => {
  const suite = workflowSuite();

  const post = (body: object) => suite.t.http.post(WORKFLOWS).set(suite.owner.auth).send(body);
  const count = async () => (await suite.t.dataSource.query('SELECT count(*)::int AS n FROM duo_workflows_workflows'))[0].n as number;

  it.each([
    ['goal over 16384 characters', { goal: long(16385) }, /goal must be shorter than or equal to 16384 characters/],
    ['goal not a string', { goal: 42 }, /goal must be a string/],
    ['environment outside the list', { environment: 'desktop' }, /environment must be one of the following values: ide, web, chat_partial, chat, ambient/],
    ['agent_privileges with 99', { agent_privileges: [1, 99] }, /each value in agent_privileges must be one of 1, 2, 3, 4, 5, 6, 7/],
    ['agent_privileges not an array', { agent_privileges: 'all' }, /agent_privileges must be an array/],
    ['agent_privileges repeated', { agent_privileges: [1, 1, 2] }, /agent_privileges.*unique/],
    ['agent_privileges not integers', { agent_privileges: [1.5] }, /agent_privileges/],
    ['pre_approved_agent_privileges with 99', { pre_approved_agent_privileges: [99] }, /each value in pre_approved_agent_privileges must be one of/],
    [
      'pre_approved_agent_privileges not a subset',
      { agent_privileges: [1, 3], pre_approved_agent_privileges: [1, 2] },
      /pre_approved_agent_privileges must be a subset of agent_privileges \(not allowed: 2\)/,
    ],
    ['the default pre-approved [1, 2] outside agent_privileges', { agent_privileges: [3] }, /pre_approved_agent_privileges must be a subset/],
    ['workflow_definition over 255', { workflow_definition: long(256) }, /workflow_definition must be shorter than or equal to 255 characters/],
    ['allow_agent_to_request_user not a boolean', { allow_agent_to_request_user: 'yes' }, /allow_agent_to_request_user must be a boolean/],
    ['image over 2048', { image: long(2049) }, /image must be shorter than or equal to 2048 characters/],
    ['thread_id over 255', { thread_id: long(256) }, /thread_id must be shorter than or equal to 255 characters/],
    ['thread_id empty', { thread_id: '' }, /thread_id must be longer than or equal to 1 characters/],
    ['thread_id not a string', { thread_id: 7 }, /thread_id must be a string/],
    ['if_exists bogus', { if_exists: 'overwrite' }, /if_exists must be one of the following values: raise, do_nothing/],
    ['an unknown field', { admin: true }, /property admin should not exist/],
    ['a status (not settable on create)', { status: 'running' }, /property status should not exist/],
  ])('is 400 for %s, naming the field', async (_case, fields, message) => {
    const response = await post({ project_id: suite.owner.project.id, ...fields });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^400 Bad request - /);
    expect(response.body.message).toMatch(message);
    expect(await count()).toBe(0);
  });

  it.each([
    ['missing', {}],
    ['zero', { project_id: 0 }],
    ['negative', { project_id: -3 }],
    ['a fraction', { project_id: 1.5 }],
    ['an object', { project_id: { id: 1 } }],
    ['empty', { project_id: '' }],
  ])('is 400 naming project_id when it is %s', async (_case, body) => {
    const response = await post(body);
    expect({ status: response.status, body: response.body }).toEqual({
      status: 400,
      body: { message: '400 Bad request - project_id must be a project id or a full project path' },
    });
  });

  it('names every invalid field at once', async () => {
    const response = await post({ project_id: suite.owner.project.id, goal: long(16385), environment: 'desktop', if_exists: 'x' });
    expect(response.status).toBe(400);
    for (const field of ['goal', 'environment', 'if_exists']) expect(response.body.message).toContain(field);
  });

  it('is 400, never 500, for a body that is not a JSON object', async () => {
    for (const body of ['[]', '"text"', '42', '{"project_id":']) {
      const response = await suite.t.http.post(WORKFLOWS).set(suite.owner.auth).set('Content-Type', 'application/json').send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
  });
});
