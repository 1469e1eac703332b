import { Project } from '../../../src/projects/entities/project.entity.js';
import { createAdmin, createProject, createUser } from '../../support/factories.js';
import { bearer } from '../../support/workflow-routes.js';
import { createWorkflow, WORKFLOWS } from '../../support/workflow-fixtures.js';
import { workflowSuite } from '../../support/workflow-suite.js';

/** The workflow entity's fields, exactly (API.md §3): nothing more may reach the wire. */
const WORKFLOW_KEYS = [
  'id',
  'project_id',
  'user_id',
  'thread_id',
  'goal',
  'status',
  'agent_privileges',
  'agent_privileges_names',
  'pre_approved_agent_privileges',
  'pre_approved_agent_privileges_names',
  'workflow_definition',
  'allow_agent_to_request_user',
  'environment',
  'image',
  'archived',
  'created_at',
  'updated_at',
].sort();

describe('workflows: create, show, delete', () => {
  const suite = workflowSuite();

  const post = (body: object, auth: Record<string, string> = suite.owner.auth) => suite.t.http.post(WORKFLOWS).set(auth).send(body);

  describe('POST /workflows', () => {
    it('creates a workflow with every field given and answers 201 with exactly the entity', async () => {
      const before = Date.now();
      const response = await post({
        project_id: suite.owner.project.id,
        goal: 'Fix the flaky test',
        agent_privileges: [1, 2, 3, 7],
        pre_approved_agent_privileges: [2, 7],
        workflow_definition: 'chat',
        allow_agent_to_request_user: false,
        environment: 'web',
        image: 'registry.example.com/agent:1',
        thread_id: 'thread-1',
      });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(WORKFLOW_KEYS);
      expect(response.body).toEqual({
        id: expect.any(Number),
        project_id: Number(suite.owner.project.id),
        user_id: Number(suite.owner.user.id),
        thread_id: 'thread-1',
        goal: 'Fix the flaky test',
        status: 'created',
        agent_privileges: [1, 2, 3, 7],
        agent_privileges_names: ['read_write_files', 'read_only_gitlab', 'read_write_gitlab', 'start_flows'],
        pre_approved_agent_privileges: [2, 7],
        pre_approved_agent_privileges_names: ['read_only_gitlab', 'start_flows'],
        workflow_definition: 'chat',
        allow_agent_to_request_user: false,
        environment: 'web',
        image: 'registry.example.com/agent:1',
        archived: false,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updated_at: response.body.created_at,
      });
      expect(Date.parse(response.body.created_at)).toBeGreaterThanOrEqual(before - 1000);
    });

    it("fills GitLab's defaults: privileges 1–6, pre-approved 1 and 2, software_development, thread_id = the id", async () => {
      const first = await post({ project_id: suite.owner.project.id });
      const second = await post({ project_id: suite.owner.project.id });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        goal: null,
        status: 'created',
        agent_privileges: [1, 2, 3, 4, 5, 6],
        agent_privileges_names: ['read_write_files', 'read_only_gitlab', 'read_write_gitlab', 'run_commands', 'use_git', 'run_mcp_tools'],
        pre_approved_agent_privileges: [1, 2],
        pre_approved_agent_privileges_names: ['read_write_files', 'read_only_gitlab'],
        workflow_definition: 'software_development',
        allow_agent_to_request_user: true,
        environment: null,
        image: null,
        archived: false,
      });
      for (const { body } of [first, second]) expect(body.thread_id).toBe(String(body.id));
      expect(second.body.id).not.toBe(first.body.id);
    });

    it('takes the project by its full path as well as by id, and 404s a path that does not exist', async () => {
      const byPath = await post({ project_id: suite.owner.project.pathWithNamespace });
      expect(byPath.status).toBe(201);
      expect(byPath.body.project_id).toBe(Number(suite.owner.project.id));
      const byIdString = await post({ project_id: String(suite.owner.project.id) });
      expect(byIdString.body.project_id).toBe(Number(suite.owner.project.id));
      for (const project_id of ['no-such/project', 999999]) {
        const missing = await post({ project_id });
        expect({ status: missing.status, body: missing.body }).toEqual({ status: 404, body: { message: '404 Project Not Found' } });
      }
    });

    it.each([
      [10, 403],
      [20, 403],
      [30, 201],
      [40, 201],
      [50, 201],
    ])('needs developer or higher: access level %i gets %i', async (level, status) => {
      const user = await createUser(suite.t);
      const project = await createProject(suite.t, { members: [[user, level as 10]] });
      const response = await post({ project_id: project.id }, await bearer(suite.t, user));
      expect(response.status).toBe(status);
      if (status === 403) expect(response.body).toEqual({ message: '403 Forbidden' });
    });

    it('is 404 for a project the caller is not a member of, and 201 for an administrator', async () => {
      const stranger = await post({ project_id: suite.owner.project.id }, await bearer(suite.t, await createUser(suite.t)));
      expect({ status: stranger.status, body: stranger.body }).toEqual({ status: 404, body: { message: '404 Project Not Found' } });
      const admin = await createAdmin(suite.t);
      const byAdmin = await post({ project_id: suite.owner.project.id }, await bearer(suite.t, admin));
      expect(byAdmin.status).toBe(201);
      expect(byAdmin.body.user_id).toBe(Number(admin.id));
    });

    it('is 403 for a developer when the project has Duo features turned off', async () => {
      await suite.t.dataSource.getRepository(Project).update({ id: suite.owner.project.id }, { duoFeaturesEnabled: false });
      const response = await post({ project_id: suite.owner.project.id });
      expect({ status: response.status, body: response.body }).toEqual({ status: 403, body: { message: '403 Forbidden' } });
    });

    it('takes ai_workflows and api tokens, refuses read_api (403 insufficient_scope) and no token (401)', async () => {
      for (const scope of ['ai_workflows', 'api'] as const) {
        expect((await post({ project_id: suite.owner.project.id }, await bearer(suite.t, suite.owner.user, [scope]))).status).toBe(201);
      }
      const readOnly = await post({ project_id: suite.owner.project.id }, await bearer(suite.t, suite.owner.user, ['read_api']));
      expect({ status: readOnly.status, body: readOnly.body }).toEqual({ status: 403, body: { message: '403 Forbidden - insufficient_scope' } });
      const anonymous = await post({ project_id: suite.owner.project.id }, {});
      expect({ status: anonymous.status, body: anonymous.body }).toEqual({ status: 401, body: { message: '401 Unauthorized' } });
      expect(await countWorkflows()).toBe(2);
    });
  });

  describe('GET /workflows/agent_privileges', () => {
    it("lists GitLab's seven privileges with the six enabled by default, to any token that reaches the route", async () => {
      for (const scope of ['api', 'read_api', 'ai_workflows'] as const) {
        const response = await suite.t.http.get(`${WORKFLOWS}/agent_privileges`).set(await bearer(suite.t, suite.owner.user, [scope]));
        expect(response.status).toBe(200);
        expect(Object.keys(response.body)).toEqual(['all_privileges']);
        expect(response.body.all_privileges.map((p: { id: number; name: string; default_enabled: boolean }) => [p.id, p.name, p.default_enabled])).toEqual([
          [1, 'read_write_files', true],
          [2, 'read_only_gitlab', true],
          [3, 'read_write_gitlab', true],
          [4, 'run_commands', true],
          [5, 'use_git', true],
          [6, 'run_mcp_tools', true],
          [7, 'start_flows', false],
        ]);
        for (const privilege of response.body.all_privileges) expect(Object.keys(privilege).sort()).toEqual(['default_enabled', 'description', 'id', 'name']);
      }
      expect((await suite.t.http.get(`${WORKFLOWS}/agent_privileges`)).status).toBe(401);
    });
  });

  describe('GET /workflows/:id', () => {
    it('answers 200 with the same entity that the create answered', async () => {
      const created = await post({ project_id: suite.owner.project.id, goal: 'g', environment: 'ide' });
      const shown = await suite.t.http.get(`${WORKFLOWS}/${created.body.id}`).set(suite.owner.auth);
      expect(shown.status).toBe(200);
      expect(shown.body).toEqual(created.body);
    });

    it(`marks a workflow archived once it is older than RETENTION_DAYS, and not a day before`, async () => {
      const { id } = await createWorkflow(suite.t, suite.owner.auth, { project_id: suite.owner.project.id });
      const days = suite.t.config.RETENTION_DAYS;
      const age = async (daysOld: number) => {
        await suite.t.dataSource.query(`UPDATE duo_workflows_workflows SET created_at = now() - $2 * interval '1 day' WHERE id = $1`, [id, daysOld]);
        return (await suite.t.http.get(`${WORKFLOWS}/${id}`).set(suite.owner.auth)).body.archived;
      };
      expect(await age(days - 1)).toBe(false);
      expect(await age(days + 1)).toBe(true);
    });
  });

  describe('DELETE /workflows/:id', () => {
    const TABLES = ['duo_workflows_checkpoints', 'duo_workflows_checkpoint_blobs', 'duo_workflows_checkpoint_writes', 'duo_workflows_events'];
    const rowsOf = async (workflowId: number) => {
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        const [{ count }] = await suite.t.dataSource.query(`SELECT count(*)::int AS count FROM ${table} WHERE workflow_id = $1`, [workflowId]);
        counts[table] = count;
      }
      return counts;
    };
    const fill = async (workflowId: number) => {
      const base = `${WORKFLOWS}/${workflowId}`;
      const checkpoint = { v: 4, id: 'ts-1', ts: '2026-01-01T00:00:00Z', channel_values: { goal: 'x' }, channel_versions: { goal: 1 }, versions_seen: {} };
      const writes = [{ task: 'task', idx: 0, channel: 'goal', write_type: 'json', data: Buffer.from('"y"').toString('base64') }];
      const responses = [
        await suite.t.http.post(`${base}/checkpoints`).set(suite.owner.auth).send({ thread_ts: 'ts-1', metadata: {}, checkpoint }),
        await suite.t.http.post(`${base}/checkpoint_writes_batch`).set(suite.owner.auth).send({ thread_ts: 'ts-1', checkpoint_writes: writes }),
        await suite.t.http.post(`${base}/events`).set(suite.owner.auth).send({ event_type: 'message', message: 'hi' }),
      ];
      expect(responses.map((r) => r.status)).toEqual([201, 200, 201]);
    };

    it('answers 204 and removes the workflow with its checkpoints, values, writes and events, and nothing of others', async () => {
      const doomed = await createWorkflow(suite.t, suite.owner.auth, { project_id: suite.owner.project.id });
      const kept = await createWorkflow(suite.t, suite.owner.auth, { project_id: suite.owner.project.id });
      await fill(doomed.id);
      await fill(kept.id);
      const full = { duo_workflows_checkpoints: 1, duo_workflows_checkpoint_blobs: 1, duo_workflows_checkpoint_writes: 1, duo_workflows_events: 1 };
      expect(await rowsOf(doomed.id)).toEqual(full);

      const response = await suite.t.http.delete(`${WORKFLOWS}/${doomed.id}`).set(suite.owner.auth);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(await rowsOf(doomed.id)).toEqual({ duo_workflows_checkpoints: 0, duo_workflows_checkpoint_blobs: 0, duo_workflows_checkpoint_writes: 0, duo_workflows_events: 0 });
      expect(await rowsOf(kept.id)).toEqual(full);
      expect((await suite.t.http.get(`${WORKFLOWS}/${doomed.id}`).set(suite.owner.auth)).status).toBe(404);
      expect((await suite.t.http.delete(`${WORKFLOWS}/${doomed.id}`).set(suite.owner.auth)).status).toBe(404);
      expect((await suite.t.http.get(`${WORKFLOWS}/${kept.id}`).set(suite.owner.auth)).status).toBe(200);
    });

    // Regression: a status change or an event that lost the race to the DELETE answered 500 (a
    // missing row after the UPDATE, the foreign key refusing the insert, save() re-inserting).
    it('answers 404, never 500, to writes that race the DELETE of their workflow, and leaves nothing behind', async () => {
      const { auth } = suite.owner;
      for (let round = 0; round < 15; round++) {
        const { id } = await createWorkflow(suite.t, auth, { project_id: suite.owner.project.id });
        const base = `${WORKFLOWS}/${id}`;
        const event = (await suite.t.http.post(`${base}/events`).set(auth).send({ event_type: 'message', message: 'm' })).body.id;
        const [deleted, ...racing] = await Promise.all([
          suite.t.http.delete(base).set(auth),
          suite.t.http.patch(base).set(auth).send({ status_event: 'start' }),
          suite.t.http.post(`${base}/events`).set(auth).send({ event_type: 'message', message: 'm' }),
          suite.t.http.put(`${base}/events/${event}`).set(auth).send({ event_status: 'delivered' }),
        ]);
        expect(deleted.status).toBe(204);
        const [patched, posted, put] = racing.map((r) => r.status);
        expect([[200, 404].includes(patched), [201, 404].includes(posted), [200, 404].includes(put)]).toEqual([true, true, true]);
        expect(await rowsOf(id)).toEqual({ duo_workflows_checkpoints: 0, duo_workflows_checkpoint_blobs: 0, duo_workflows_checkpoint_writes: 0, duo_workflows_events: 0 });
      }
    });
  });

  async function countWorkflows(): Promise<number> {
    const [{ count }] = await suite.t.dataSource.query('SELECT count(*)::int AS count FROM duo_workflows_workflows');
    return count;
  }
});
