import { WORKFLOW_STATUSES } from '../../../src/workflows/workflow-status.js';
import { createWorkflow, WORKFLOWS } from '../../support/workflow-fixtures.js';
import { workflowSuite } from '../../support/workflow-suite.js';

const WAITING = ['input_required', 'plan_approval_required', 'tool_call_approval_required'];
const ACTIVE = ['created', 'running', 'paused', ...WAITING];

/** API.md §3's table, written out here rather than imported, so that it checks the code's own. */
const EVENTS: [event: string, to: string, from: string[]][] = [
  ['start', 'running', ['created']],
  ['pause', 'paused', ['running']],
  ['require_input', 'input_required', ['running']],
  ['require_plan_approval', 'plan_approval_required', ['running']],
  ['require_tool_call_approval', 'tool_call_approval_required', ['running']],
  ['resume', 'running', ['paused', ...WAITING]],
  ['retry', 'running', ['running', 'stopped', 'failed']],
  ['finish', 'finished', ['running']],
  ['drop', 'failed', ACTIVE],
  ['stop', 'stopped', ACTIVE],
];

/** PATCH /workflows/:id with a status_event: GitLab's status machine, atomic under concurrency. */
describe('workflows: the status machine', () => {
  const suite = workflowSuite();

  const patch = (id: number, body: object) => suite.t.http.patch(`${WORKFLOWS}/${id}`).set(suite.owner.auth).send(body);
  const statusOf = async (id: number) => (await suite.t.dataSource.query('SELECT status FROM duo_workflows_workflows WHERE id = $1', [id]))[0].status;
  /** A workflow of the suite's owner, put straight into `status`. */
  const workflowIn = async (status: string) => {
    const { id } = await createWorkflow(suite.t, suite.owner.auth, { project_id: suite.owner.project.id });
    await suite.t.dataSource.query('UPDATE duo_workflows_workflows SET status = $2 WHERE id = $1', [id, status]);
    return id;
  };

  it.each(WORKFLOW_STATUSES)('from %s: every event moves, is already done, or is refused naming event and status', async (status) => {
    for (const [event, to, from] of EVENTS) {
      const id = await workflowIn(status);
      const response = await patch(id, { status_event: event });
      const outcome = { event, status: response.status, body: response.body };
      if (to === status && event !== 'retry') {
        expect(outcome).toEqual({ event, status: 200, body: { workflow: expect.objectContaining({ id, status }), message: `Workflow already in status ${status}` } });
      } else if (from.includes(status)) {
        expect(outcome).toEqual({ event, status: 200, body: { workflow: expect.objectContaining({ id, status: to }), message: expect.stringContaining(to) } });
        expect(response.body.message).not.toMatch(/already/);
      } else {
        expect(outcome).toEqual({ event, status: 400, body: { message: `400 Bad request - Can not ${event} workflow that has status ${status}` } });
      }
      expect(await statusOf(id)).toBe(response.status === 200 ? response.body.workflow.status : status);
    }
  });

  it('answers with the whole entity, and moves updated_at on a transition only', async () => {
    const id = await workflowIn('created');
    await suite.t.dataSource.query(`UPDATE duo_workflows_workflows SET updated_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    const started = await patch(id, { status_event: 'start' });
    expect(Object.keys(started.body).sort()).toEqual(['message', 'workflow']);
    expect(started.body.workflow).toEqual({ ...(await suite.t.http.get(`${WORKFLOWS}/${id}`).set(suite.owner.auth)).body });
    expect(Date.now() - Date.parse(started.body.workflow.updated_at)).toBeLessThan(60_000);
    const again = await patch(id, { status_event: 'start' });
    expect(again.body.workflow.updated_at).toBe(started.body.workflow.updated_at);
  });

  it.each([
    ['an unknown event', { status_event: 'explode' }, /status_event.*explode/],
    ['an inherited object key', { status_event: 'constructor' }, /status_event.*constructor/],
    ['no event', {}, /status_event/],
    ['an event that is not a string', { status_event: 1 }, /status_event must be a string/],
    ['another field', { status_event: 'start', status: 'finished' }, /property status should not exist/],
  ])('is 400 for %s, naming it, and leaves the status alone', async (_case, body, message) => {
    const id = await workflowIn('created');
    const response = await patch(id, body);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
    expect(await statusOf(id)).toBe('created');
  });

  it('makes exactly one real transition out of 10 parallel starts; the others find it already running', async () => {
    const id = await workflowIn('created');
    const responses = await Promise.all(Array.from({ length: 10 }, () => patch(id, { status_event: 'start' })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const messages = responses.map((r) => r.body.message);
    expect(messages.filter((m) => m === 'Workflow already in status running')).toHaveLength(9);
    expect(responses.every((r) => r.body.workflow.status === 'running')).toBe(true);
    expect(await statusOf(id)).toBe('running');
  });

  it('lets exactly one of finish and stop, sent together to a running workflow, win; the other is 400', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await workflowIn('running');
      const [finish, stop] = await Promise.all([patch(id, { status_event: 'finish' }), patch(id, { status_event: 'stop' })]);
      expect([finish.status, stop.status].sort()).toEqual([200, 400]);
      const [winner, loser, loserEvent] = finish.status === 200 ? [finish, stop, 'stop'] : [stop, finish, 'finish'];
      const final = winner.body.workflow.status;
      expect(await statusOf(id)).toBe(final);
      expect(loser.body.message).toBe(`400 Bad request - Can not ${loserEvent} workflow that has status ${final}`);
    }
  });
});
