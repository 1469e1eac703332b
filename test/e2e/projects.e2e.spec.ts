import { Project } from '../../src/projects/entities/project.entity.js';
import { createAdmin, createProject, createUser } from '../support/factories.js';
import { bearer, matrix, projectWithRoles, type Role, type RoleFixture } from '../support/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROJECT_KEYS = ['created_at', 'duo_features_enabled', 'id', 'name', 'namespace_path', 'path', 'path_with_namespace', 'updated_at'];
const NOT_FOUND = { message: '404 Project Not Found' };

describe('projects API', () => {
  let t: TestApp;
  let f: RoleFixture;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    f = await projectWithRoles(t, { name: 'Checkpoints', path: 'checkpoints', namespacePath: 'gitlab-org/ai' });
  });

  /** The project as a route parameter: by id, or by URL-encoded full path. */
  const REFERENCES: [string, (project: Project) => string][] = [
    ['id', (project) => project.id],
    ['full path', (project) => encodeURIComponent(project.pathWithNamespace)],
  ];

  describe.each(REFERENCES)('GET /projects/:id by %s', (_by, reference) => {
    it.each(matrix(['guest', 'reporter', 'developer', 'maintainer', 'owner', 'admin'], 200, 403))('%s → %i', async (role, status) => {
      const response = await t.http.get(`/api/v4/projects/${reference(f.project)}`).set(f.auth[role]);
      expect(response.status).toBe(status);
      if (status === 404) expect(response.body).toEqual(NOT_FOUND);
      if (status === 200) {
        expect(Object.keys(response.body).sort()).toEqual(PROJECT_KEYS);
        expect(response.body).toMatchObject({
          id: Number(f.project.id),
          name: 'Checkpoints',
          path: 'checkpoints',
          namespace_path: 'gitlab-org/ai',
          path_with_namespace: 'gitlab-org/ai/checkpoints',
          duo_features_enabled: true,
        });
      }
    });
  });

  it('finds a project by full path whatever its case', async () => {
    expect((await t.http.get(`/api/v4/projects/${encodeURIComponent('GitLab-Org/AI/Checkpoints')}`).set(f.auth.guest)).status).toBe(200);
  });

  it.each(['424242', encodeURIComponent('gitlab-org/ai/nothing'), 'checkpoints', '99999999999999999999'])(
    'is 404 Project Not Found for %p, even for administrators',
    async (reference) => {
      const response = await t.http.get(`/api/v4/projects/${reference}`).set(f.auth.admin);
      expect(response.status).toBe(404);
      expect(response.body).toEqual(NOT_FOUND);
    },
  );

  describe('GET /projects', () => {
    it('lists the projects a user is a member of, newest first; all of them for administrators', async () => {
      const other = await createProject(t);
      const second = await createProject(t, { members: [[f.users.guest, 10]] });
      const listed = async (role: Role) => (await t.http.get('/api/v4/projects').set(f.auth[role]).expect(200)).body.map((p: { id: number }) => p.id);
      expect(await listed('guest')).toEqual([Number(second.id), Number(f.project.id)]);
      expect(await listed('non_member')).toEqual([]);
      expect(await listed('admin')).toEqual([Number(second.id), Number(other.id), Number(f.project.id)]);
      const [first] = (await t.http.get('/api/v4/projects').set(f.auth.owner)).body;
      expect(Object.keys(first).sort()).toEqual(PROJECT_KEYS);
    });
  });

  describe('POST /projects', () => {
    const body = { name: 'Agents', path: 'agents', namespace_path: 'gitlab-org/ai' };

    it('creates a project (201) for administrators, with duo features on by default', async () => {
      const response = await t.http.post('/api/v4/projects').set(f.auth.admin).send(body);
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(PROJECT_KEYS);
      expect(response.body).toMatchObject({ ...body, path_with_namespace: 'gitlab-org/ai/agents', duo_features_enabled: true });
    });

    it.each(['guest', 'reporter', 'developer', 'maintainer', 'owner', 'non_member'] as Role[])('is 403 for %s', async (role) => {
      const response = await t.http.post('/api/v4/projects').set(f.auth[role]).send(body);
      expect(response.status).toBe(403);
      expect(await t.dataSource.getRepository(Project).countBy({ path: 'agents' })).toBe(0);
    });

    it('answers 409 for a full path that is taken, whatever the case', async () => {
      const response = await t.http.post('/api/v4/projects').set(f.auth.admin).send({ ...body, path: 'Checkpoints', namespace_path: 'GitLab-org/ai' });
      expect(response.status).toBe(409);
      expect(response.body).toEqual({ message: '409 Conflict - path_with_namespace has already been taken' });
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a missing path', { name: 'x', namespace_path: 'g' }, /path may contain only/],
      ['a path with a slash', { ...body, path: 'a/b' }, /path may contain only/],
      ['a path ending in .git', { ...body, path: 'agents.git' }, /path may contain only/],
      ['a namespace with an empty segment', { ...body, namespace_path: 'gitlab-org//ai' }, /namespace_path must be segments/],
      ['a namespace ending with a slash', { ...body, namespace_path: 'gitlab-org/' }, /namespace_path must be segments/],
      ['a non-boolean duo_features_enabled', { ...body, duo_features_enabled: 'yes' }, /duo_features_enabled must be a boolean/],
      ['a null duo_features_enabled', { ...body, duo_features_enabled: null }, /duo_features_enabled must be a boolean/],
      ['a path_with_namespace (computed)', { ...body, path_with_namespace: 'a/b' }, /property path_with_namespace should not exist/],
    ])('answers 400 for %s', async (_case, payload, message) => {
      const response = await t.http.post('/api/v4/projects').set(f.auth.admin).send(payload);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
    });
  });

  describe.each(REFERENCES)('PATCH /projects/:id by %s', (_by, reference) => {
    it.each(matrix(['maintainer', 'owner', 'admin'], 200, 403))('%s → %i', async (role, status) => {
      const response = await t.http.patch(`/api/v4/projects/${reference(f.project)}`).set(f.auth[role]).send({ duo_features_enabled: false });
      expect(response.status).toBe(status);
      const stored = await t.dataSource.getRepository(Project).findOneByOrFail({ id: f.project.id });
      expect(stored.duoFeaturesEnabled).toBe(status !== 200);
      if (status === 200) expect(response.body).toMatchObject({ duo_features_enabled: false });
      if (status === 404) expect(response.body).toEqual(NOT_FOUND);
    });
  });

  describe('PATCH /projects/:id', () => {
    it('moves a project: the full path follows, and the new path finds it', async () => {
      const response = await t.http.patch(`/api/v4/projects/${f.project.id}`).set(f.auth.maintainer).send({ path: 'saver', namespace_path: 'gitlab-org' });
      expect(response.status).toBe(200);
      expect(response.body.path_with_namespace).toBe('gitlab-org/saver');
      expect((await t.http.get(`/api/v4/projects/${encodeURIComponent('gitlab-org/saver')}`).set(f.auth.guest)).status).toBe(200);
      expect((await t.http.get(`/api/v4/projects/${encodeURIComponent('gitlab-org/ai/checkpoints')}`).set(f.auth.guest)).status).toBe(404);
    });

    it('answers 409 when the new full path is taken, and 200 for an empty change', async () => {
      await createProject(t, { path: 'taken', namespacePath: 'gitlab-org' });
      const taken = await t.http.patch(`/api/v4/projects/${f.project.id}`).set(f.auth.owner).send({ path: 'taken', namespace_path: 'gitlab-org' });
      expect(taken.status).toBe(409);
      const empty = await t.http.patch(`/api/v4/projects/${f.project.id}`).set(f.auth.owner).send({});
      expect(empty.status).toBe(200);
      expect(empty.body.path_with_namespace).toBe('gitlab-org/ai/checkpoints');
    });

    it('refuses unknown fields (400)', async () => {
      const response = await t.http.patch(`/api/v4/projects/${f.project.id}`).set(f.auth.owner).send({ id: 7 });
      expect(response.body).toEqual({ message: '400 Bad request - property id should not exist' });
    });
  });

  describe.each(REFERENCES)('DELETE /projects/:id by %s', (_by, reference) => {
    it.each(matrix(['admin'], 204, 403))('%s → %i', async (role, status) => {
      const response = await t.http.delete(`/api/v4/projects/${reference(f.project)}`).set(f.auth[role]);
      expect(response.status).toBe(status);
      expect(await t.dataSource.getRepository(Project).countBy({ id: f.project.id })).toBe(status === 204 ? 0 : 1);
    });
  });

  it('a new administrator sees and manages projects without being a member', async () => {
    const auth = await bearer(t, await createAdmin(t));
    expect((await t.http.get(`/api/v4/projects/${f.project.id}`).set(auth)).status).toBe(200);
    expect((await t.http.patch(`/api/v4/projects/${f.project.id}`).set(auth).send({ name: 'Renamed' })).body.name).toBe('Renamed');
    const stranger = await bearer(t, await createUser(t));
    expect((await t.http.patch(`/api/v4/projects/${f.project.id}`).set(stranger).send({ name: 'x' })).body).toEqual(NOT_FOUND);
  });
});
