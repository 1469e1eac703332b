import { randomUUID } from 'node:crypto';
import { createWorkflow, WORKFLOWS } from '../../support/workflow-fixtures.js';
import { workflowSuite } from '../../support/workflow-suite.js';

const EVENT_KEYS = ['correlation_id', 'created_at', 'event_status', 'event_type', 'id', 'message'];

/** The event queue between a user's UI and the running agent (API.md §3, Events). */
describe('workflows: events', () => {
  const suite = workflowSuite();

  const newWorkflow = async () => (await createWorkflow(suite.t, suite.owner.auth, { project_id: suite.owner.project.id })).id;
  const events = (workflowId: number) => `${WORKFLOWS}/${workflowId}/events`;
  const post = (workflowId: number, body: object) => suite.t.http.post(events(workflowId)).set(suite.owner.auth).send(body);
  const put = (workflowId: number, eventId: number | string, body: object) =>
    suite.t.http.put(`${events(workflowId)}/${eventId}`).set(suite.owner.auth).send(body);
  const queued = async (workflowId: number) => {
    const response = await suite.t.http.get(events(workflowId)).set(suite.owner.auth);
    expect(response.status).toBe(200);
    return response.body as { id: number; event_status: string }[];
  };
  const stored = async () => (await suite.t.dataSource.query('SELECT count(*)::int AS n FROM duo_workflows_events'))[0].n as number;

  describe('POST /workflows/:id/events', () => {
    it('queues an event and answers 201 with exactly its fields', async () => {
      const workflowId = await newWorkflow();
      const correlationId = randomUUID();
      const response = await post(workflowId, { event_type: 'message', message: 'Use the staging database', correlation_id: correlationId });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(EVENT_KEYS);
      expect(response.body).toEqual({
        id: expect.any(Number),
        event_type: 'message',
        event_status: 'queued',
        message: 'Use the staging database',
        correlation_id: correlationId,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
    });

    it.each(['pause', 'resume', 'stop', 'message', 'response', 'require_input'])('takes event_type %s, correlation_id null when not given', async (eventType) => {
      const response = await post(await newWorkflow(), { event_type: eventType, message: 'm' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ event_type: eventType, event_status: 'queued', correlation_id: null });
    });

    it.each([
      ['an unknown event_type', { event_type: 'explode', message: 'm' }, /event_type must be one of the following values/],
      ['no event_type', { message: 'm' }, /event_type/],
      ['a message over 16384 characters', { event_type: 'message', message: 'x'.repeat(16385) }, /message must be shorter than or equal to 16384 characters/],
      ['a message that is not a string', { event_type: 'message', message: 42 }, /message must be a string/],
      ['a correlation_id that is not a UUID', { event_type: 'message', message: 'm', correlation_id: 'abc-123' }, /correlation_id must be a UUID/],
      ['an event_status (the queue sets it)', { event_type: 'message', message: 'm', event_status: 'delivered' }, /property event_status should not exist/],
    ])('is 400 for %s, naming the field, and queues nothing', async (_case, body, message) => {
      const response = await post(await newWorkflow(), body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^400 Bad request - /);
      expect(response.body.message).toMatch(message);
      expect(await stored()).toBe(0);
    });

    it('is 409 for a correlation_id already used, in this workflow or another', async () => {
      const correlationId = randomUUID();
      const [first, second] = [await newWorkflow(), await newWorkflow()];
      expect((await post(first, { event_type: 'message', message: 'a', correlation_id: correlationId })).status).toBe(201);
      for (const workflowId of [first, second]) {
        const again = await post(workflowId, { event_type: 'response', message: 'b', correlation_id: correlationId });
        expect(again.status).toBe(409);
        expect(again.body.message).toMatch(/^409 Conflict - correlation_id/);
      }
      expect(await stored()).toBe(1);
    });

    it('queues one of several parallel events that share a correlation_id; the rest are 409', async () => {
      const workflowId = await newWorkflow();
      const body = { event_type: 'response', message: 'yes', correlation_id: randomUUID() };
      const responses = await Promise.all(Array.from({ length: 5 }, () => post(workflowId, body)));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(await stored()).toBe(1);
    });
  });

  describe('GET and PUT', () => {
    it('lists the queued events only, oldest first; PUT delivered takes one off the list and answers the event', async () => {
      const workflowId = await newWorkflow();
      const ids: number[] = [];
      for (const message of ['one', 'two', 'three']) ids.push((await post(workflowId, { event_type: 'message', message })).body.id);
      const other = await newWorkflow();
      await post(other, { event_type: 'pause', message: 'elsewhere' });

      const listed = await queued(workflowId);
      expect(listed.map((e) => e.id)).toEqual(ids);
      for (const event of listed) expect(Object.keys(event).sort()).toEqual(EVENT_KEYS);

      const delivered = await put(workflowId, ids[1], { event_status: 'delivered' });
      expect(delivered.status).toBe(200);
      expect(delivered.body).toEqual({ ...listed[1], event_status: 'delivered' });
      expect((await queued(workflowId)).map((e) => e.id)).toEqual([ids[0], ids[2]]);

      // Queued again, it goes back in its place: the order is the order of creation.
      expect((await put(workflowId, ids[1], { event_status: 'queued' })).body.event_status).toBe('queued');
      expect((await queued(workflowId)).map((e) => e.id)).toEqual(ids);
    });

    it('is 404 for an event of another workflow, and for one that does not exist, changing nothing', async () => {
      const [mine, other] = [await newWorkflow(), await newWorkflow()];
      const foreign = (await post(other, { event_type: 'message', message: 'x' })).body.id;
      for (const eventId of [foreign, foreign + 100, 'abc', '0']) {
        const response = await put(mine, eventId, { event_status: 'delivered' });
        expect({ eventId, status: response.status, body: response.body }).toEqual({ eventId, status: 404, body: { message: '404 Event Not Found' } });
      }
      expect((await queued(other)).map((e) => e.id)).toEqual([foreign]);
    });

    it('is 400 naming event_status for a status outside queued and delivered, or another field', async () => {
      const workflowId = await newWorkflow();
      const eventId = (await post(workflowId, { event_type: 'message', message: 'x' })).body.id;
      for (const body of [{ event_status: 'read' }, {}, { event_status: 'delivered', message: 'changed' }]) {
        const response = await put(workflowId, eventId, body);
        expect(response.status).toBe(400);
        expect(response.body.message).toMatch(/event_status|property message should not exist/);
      }
      expect((await queued(workflowId)).map((e) => e.id)).toEqual([eventId]);
    });
  });
});
