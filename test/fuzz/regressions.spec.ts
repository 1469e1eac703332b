import { createAdmin, createUser, mintToken } from '../support/factories.js';
import { createWorkflow, WORKFLOWS } from '../support/workflow-fixtures.js';
import { workflowSuite } from '../support/workflow-suite.js';

/**
 * One case for each bug the fuzzing found (each was a 500, an undocumented status, or input
 * accepted that should have been refused), written out plainly so they stay fixed even if the
 * fuzzers' seeds or generators change.
 */
describe('regressions found by fuzzing', () => {
  const suite = workflowSuite();
  let t: typeof suite.t;
  let owner: typeof suite.owner;
  let workflowId: number;

  beforeEach(async () => {
    ({ t, owner } = suite);
    workflowId = (await createWorkflow(t, owner.auth, { project_id: owner.project.id })).id;
  });

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const adminAuth = async () => ({ Authorization: `Bearer ${await mintToken(t, await createAdmin(t))}` });

  describe('the validation pipe screens input before class-transformer and the database', () => {
    it('refuses a NUL character in a body field with 400 naming it (was a 500 from PostgreSQL)', async () => {
      const response = await t.http.post(WORKFLOWS).set(owner.auth).send({ project_id: owner.project.id, goal: 'a\u0000b' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message: '400 Bad request - goal must not contain \\u0000 (NUL) characters' });
      expect(await count('duo_workflows_workflows')).toBe(1);
    });

    it('refuses NUL characters in query strings, values and keys (was a 500)', async () => {
      expect((await t.http.get(`${WORKFLOWS}?thread_id=%00`).set(owner.auth)).status).toBe(400);
      expect((await t.http.get(`${WORKFLOWS}/${workflowId}/checkpoints?filter[a%00]=1`).set(owner.auth)).status).toBe(400);
    });

    it('refuses a lone surrogate instead of storing U+FFFD in its place', async () => {
      const response = await t.http.post(WORKFLOWS).set(owner.auth).send({ project_id: owner.project.id, goal: 'a\ud800b' });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('400 Bad request - goal must be valid Unicode (it contains a lone surrogate)');
    });

    it('refuses a field nested 100,000 levels deep with 400 (class-transformer overflowed the stack: 500)', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const response = await t.http.post(WORKFLOWS).set(owner.auth).set('Content-Type', 'application/json').send(`{"project_id":${owner.project.id},"goal":${deep}}`);
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('400 Bad request - goal is nested more than 32 levels deep');
    });

    it('refuses a __proto__ or constructor key as an unknown field (was dropped silently: 201)', async () => {
      const auth = await adminAuth();
      for (const key of ['__proto__', 'constructor']) {
        const body = `{"username":"proto","name":"P","email":"p@example.com","${key}":{"admin":true}}`;
        const response = await t.http.post('/api/v4/users').set(auth).set('Content-Type', 'application/json').send(body);
        expect(response.status).toBe(400);
        expect(response.body.message).toBe(`400 Bad request - property ${key} should not exist`);
      }
      expect(await count("users WHERE username = 'proto'")).toBe(0);
    });
  });

  it('refuses invalid UTF-8 bytes in a body with 400 (they were stored as U+FFFD: a value the client never sent)', async () => {
    const bytes = Buffer.concat([Buffer.from(`{"project_id":${owner.project.id},"goal":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const response = await t.http
      .post(WORKFLOWS)
      .set(owner.auth)
      .set('Content-Type', 'application/json')
      .serialize((body: Buffer) => body as unknown as string)
      .send(bytes);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: '400 Bad request - request body is not valid UTF-8' });
    expect(await count('duo_workflows_workflows')).toBe(1);
  });

  it('answers a path parameter that is not valid percent-encoding with a documented 400', async () => {
    // t.http fails on any status the OpenAPI document does not list: this 400 was undocumented.
    for (const path of [`${WORKFLOWS}/%zz`, `${WORKFLOWS}/${workflowId}/checkpoints/%ED%A0%80`, '/api/v4/projects/%']) {
      const response = await t.http.get(path).set(owner.auth);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^400 Bad request - Failed to decode param/);
    }
  });

  it('refuses null for a field of a user or project update with 400 (it passed validation and hit NOT NULL: 500)', async () => {
    const auth = await adminAuth();
    const user = await createUser(t);
    for (const [path, field] of [[`/api/v4/users/${user.id}`, 'name'], [`/api/v4/users/${user.id}`, 'email'], [`/api/v4/projects/${owner.project.id}`, 'name'], [`/api/v4/projects/${owner.project.id}`, 'path']]) {
      const response = await t.http.patch(path).set(auth).send({ [field]: null });
      expect({ path, field, status: response.status }).toEqual({ path, field, status: 400 });
      expect(response.body.message).toContain(field);
    }
  });

  it('refuses an array in place of a write or a channel blob with 400 (it reached the service: 500)', async () => {
    const writes = await t.http.post(`${WORKFLOWS}/${workflowId}/checkpoint_writes_batch`).set(owner.auth).send({ thread_ts: 'a', checkpoint_writes: [[]] });
    expect(writes.status).toBe(400);
    expect(writes.body.message).toMatch(/each value in checkpoint_writes must be an object/);
    const blobs = await t.http
      .post(`${WORKFLOWS}/${workflowId}/checkpoints`)
      .set(owner.auth)
      .send({ thread_ts: 'a', metadata: {}, checkpoint: { v: 4, id: 'a', channel_values: {}, channel_versions: {} }, channel_blobs: [[]] });
    expect(blobs.status).toBe(400);
    expect(blobs.body.message).toMatch(/each value in channel_blobs must be an object/);
    expect(await count('duo_workflows_checkpoint_writes')).toBe(0);
    expect(await count('duo_workflows_checkpoints')).toBe(0);
  });

  it('refuses lone surrogates and NULs in metadata, the checkpoint header, channel names and a filter with 400 (PostgreSQL refused them: 500)', async () => {
    const checkpoint = (extra: Record<string, unknown>) => ({ v: 4, id: 'a', channel_values: {}, channel_versions: {}, ...extra });
    const bodies = [
      { metadata: { note: 'a\ud800b' }, checkpoint: checkpoint({}) },
      { metadata: { ['k\udc00']: 1 }, checkpoint: checkpoint({}) },
      { metadata: {}, checkpoint: checkpoint({ id: 'a\u0000' }) },
      { metadata: {}, checkpoint: checkpoint({ versions_seen: { ['node\ud800']: {} } }) },
      { metadata: {}, checkpoint: checkpoint({ channel_values: { ['nul\u0000channel']: 1 } }) },
      { metadata: {}, checkpoint: checkpoint({ channel_values: { ['lone\ud800']: 1 } }) },
    ];
    for (const body of bodies) {
      const response = await t.http.post(`${WORKFLOWS}/${workflowId}/checkpoints`).set(owner.auth).send({ thread_ts: 'a', ...body });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
    }
    expect(await count('duo_workflows_checkpoints')).toBe(0);
    const filter = encodeURIComponent(JSON.stringify({ note: 'a\ud800' }));
    expect((await t.http.get(`${WORKFLOWS}/${workflowId}/checkpoints?filter=${filter}`).set(owner.auth)).status).toBe(400);
  });

  it('still round-trips NULs and lone surrogates inside channel values, which are stored as bytes', async () => {
    const values = { text: 'a\u0000b\ud800c' };
    const created = await t.http
      .post(`${WORKFLOWS}/${workflowId}/checkpoints`)
      .set(owner.auth)
      .send({ thread_ts: 'a', metadata: {}, checkpoint: { v: 4, id: 'a', channel_values: values, channel_versions: { text: 1 } } });
    expect(created.status).toBe(201);
    const read = await t.http.get(`${WORKFLOWS}/${workflowId}/checkpoints/latest`).set(owner.auth);
    expect(read.body.checkpoint.channel_values.text).toBe('a\u0000b\ud800c');
  });

  it('treats "checkpoint": null as absent: 400 naming the rule (it reached the store and threw: 500)', async () => {
    const response = await t.http.post(`${WORKFLOWS}/${workflowId}/checkpoints`).set(owner.auth).send({ thread_ts: 'a', metadata: {}, checkpoint: null });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('400 Bad request - exactly one of checkpoint and compressed_checkpoint must be given');
    expect(await count('duo_workflows_checkpoints')).toBe(0);
  });

  it('answers 404 for a project path with a NUL in the URL (the lookup sent it to PostgreSQL: 500)', async () => {
    for (const path of ['/api/v4/projects/a%00b%2Fc', `/api/v4/projects/${encodeURIComponent(`${owner.project.namespacePath}/${owner.project.path}`)}%00`]) {
      const response = await t.http.get(path).set(owner.auth);
      expect({ path, status: response.status, body: response.body }).toEqual({ path, status: 404, body: { message: '404 Project Not Found' } });
    }
  });

  it('documents 400 on every route that takes query or path parameters (validation can refuse them)', async () => {
    type Operation = { parameters?: { in: string }[]; responses: Record<string, unknown> };
    const document = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    const missing = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v4/'))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ route: `${method} ${path}`, operation })))
      .filter(({ operation }) => operation.parameters?.some((parameter) => ['query', 'path'].includes(parameter.in)) && !('400' in operation.responses))
      .map(({ route }) => route);
    expect(missing).toEqual([]);
  });
});
