import { AccessLevel } from '../../src/projects/access-level.js';
import { ProjectMember } from '../../src/projects/entities/project-member.entity.js';
import type { User } from '../../src/users/entities/user.entity.js';
import { addMember, createUser } from '../support/factories.js';
import { matrix, projectWithRoles, type Role, type RoleFixture } from '../support/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MEMBER_KEYS = ['access_level', 'created_at', 'id', 'name', 'state', 'username'];
const MAINTAINERS_UP: Role[] = ['maintainer', 'owner', 'admin'];
const OWNERS_UP: Role[] = ['owner', 'admin'];

describe('project members API', () => {
  let t: TestApp;
  let f: RoleFixture;
  let outsider: User;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    f = await projectWithRoles(t);
    outsider = await createUser(t);
  });

  const members = () => `/api/v4/projects/${f.project.id}/members`;
  const levelOf = async (user: User) =>
    (await t.dataSource.getRepository(ProjectMember).findOneBy({ projectId: f.project.id, userId: user.id }))?.accessLevel ?? null;

  describe('GET /projects/:id/members', () => {
    it.each(matrix(['guest', 'reporter', 'developer', 'maintainer', 'owner', 'admin'], 200, 403))('%s → %i', async (role, status) => {
      const response = await t.http.get(members()).set(f.auth[role]);
      expect(response.status).toBe(status);
      if (status === 404) expect(response.body).toEqual({ message: '404 Project Not Found' });
      if (status === 200) {
        expect(response.body.map((member: { id: number }) => member.id)).toEqual(
          ['guest', 'reporter', 'developer', 'maintainer', 'owner'].map((r) => Number(f.users[r as Role].id)),
        );
        expect(Object.keys(response.body[0]).sort()).toEqual(MEMBER_KEYS);
        expect(response.body[2]).toMatchObject({ username: f.users.developer.username, access_level: 30, state: 'active' });
      }
    });

    it('takes the URL-encoded full path', async () => {
      const response = await t.http.get(`/api/v4/projects/${encodeURIComponent(f.project.pathWithNamespace)}/members`).set(f.auth.guest);
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(5);
    });
  });

  describe('POST /projects/:id/members', () => {
    it.each(matrix(MAINTAINERS_UP, 201, 403))('adding a developer: %s → %i', async (role, status) => {
      const response = await t.http.post(members()).set(f.auth[role]).send({ user_id: Number(outsider.id), access_level: 30 });
      expect(response.status).toBe(status);
      expect(await levelOf(outsider)).toBe(status === 201 ? 30 : null);
      if (status === 201) {
        expect(Object.keys(response.body).sort()).toEqual(MEMBER_KEYS);
        expect(response.body).toMatchObject({ id: Number(outsider.id), username: outsider.username, access_level: 30 });
      }
    });

    it.each(matrix(OWNERS_UP, 201, 403))('adding an owner: %s → %i', async (role, status) => {
      const response = await t.http.post(members()).set(f.auth[role]).send({ user_id: Number(outsider.id), access_level: 50 });
      expect(response.status).toBe(status);
      expect(await levelOf(outsider)).toBe(status === 201 ? 50 : null);
      if (role === 'maintainer') expect(response.body).toEqual({ message: '403 Forbidden - only owners may grant, change or remove the owner level' });
    });

    it('answers 409 for someone who is already a member', async () => {
      const response = await t.http.post(members()).set(f.auth.owner).send({ user_id: Number(f.users.guest.id), access_level: 30 });
      expect(response.status).toBe(409);
      expect(response.body).toEqual({ message: '409 Conflict - Member already exists' });
      expect(await levelOf(f.users.guest)).toBe(AccessLevel.GUEST);
    });

    it('answers 404 User Not Found for a user that does not exist', async () => {
      const response = await t.http.post(members()).set(f.auth.owner).send({ user_id: 424242, access_level: 30 });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: '404 User Not Found' });
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['an access level GitLab does not have', { access_level: 35 }, /access_level must be one of: 10, 20, 30, 40, 50/],
      ['an access level as a string', { access_level: '30' }, /access_level must be one of/],
      ['no user_id', { user_id: undefined }, /user_id must be an integer/],
      ['a user_id that is not an integer', { user_id: 'alice' }, /user_id must be an integer/],
      ['an unknown field', { expires_at: '2030-01-01' }, /property expires_at should not exist/],
    ])('answers 400 for %s', async (_case, body, message) => {
      const response = await t.http.post(members()).set(f.auth.owner).send({ user_id: Number(outsider.id), access_level: 30, ...body });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
    });
  });

  describe('PUT /projects/:id/members/:user_id', () => {
    it.each(matrix(MAINTAINERS_UP, 200, 403))("changing a reporter's level: %s → %i", async (role, status) => {
      const response = await t.http.put(`${members()}/${f.users.reporter.id}`).set(f.auth[role]).send({ access_level: 30 });
      expect(response.status).toBe(status);
      expect(await levelOf(f.users.reporter)).toBe(status === 200 ? 30 : 20);
      if (status === 200) expect(Object.keys(response.body).sort()).toEqual(MEMBER_KEYS);
    });

    it.each(matrix(OWNERS_UP, 200, 403))('promoting to owner: %s → %i', async (role, status) => {
      const response = await t.http.put(`${members()}/${f.users.developer.id}`).set(f.auth[role]).send({ access_level: 50 });
      expect(response.status).toBe(status);
      expect(await levelOf(f.users.developer)).toBe(status === 200 ? 50 : 30);
    });

    it.each(matrix(OWNERS_UP, 200, 403))('demoting an owner: %s → %i', async (role, status) => {
      const second = await createUser(t);
      await addMember(t, f.project, second, AccessLevel.OWNER);
      const response = await t.http.put(`${members()}/${second.id}`).set(f.auth[role]).send({ access_level: 40 });
      expect(response.status).toBe(status);
      expect(await levelOf(second)).toBe(status === 200 ? 40 : 50);
    });

    it('is 404 Member Not Found for a user who is not a member', async () => {
      const response = await t.http.put(`${members()}/${outsider.id}`).set(f.auth.owner).send({ access_level: 30 });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: '404 Member Not Found' });
      expect((await t.http.put(`${members()}/x`).set(f.auth.owner).send({ access_level: 30 })).status).toBe(404);
    });

    it('answers 400 for a missing or unknown access level', async () => {
      expect((await t.http.put(`${members()}/${f.users.guest.id}`).set(f.auth.owner).send({})).status).toBe(400);
      expect((await t.http.put(`${members()}/${f.users.guest.id}`).set(f.auth.owner).send({ access_level: 60 })).status).toBe(400);
    });
  });

  describe('DELETE /projects/:id/members/:user_id', () => {
    it.each(matrix(MAINTAINERS_UP, 204, 403))('removing a guest: %s → %i', async (role, status) => {
      const response = await t.http.delete(`${members()}/${f.users.guest.id}`).set(f.auth[role]);
      expect(response.status).toBe(status);
      expect(await levelOf(f.users.guest)).toBe(status === 204 ? null : 10);
    });

    it.each(matrix(OWNERS_UP, 204, 403))('removing an owner: %s → %i', async (role, status) => {
      const second = await createUser(t);
      await addMember(t, f.project, second, AccessLevel.OWNER);
      const response = await t.http.delete(`${members()}/${second.id}`).set(f.auth[role]);
      expect(response.status).toBe(status);
      expect(await levelOf(second)).toBe(status === 204 ? null : 50);
    });

    it('takes away what the membership gave: a removed member gets 404 on the project', async () => {
      await t.http.delete(`${members()}/${f.users.developer.id}`).set(f.auth.maintainer).expect(204);
      expect((await t.http.get(`/api/v4/projects/${f.project.id}`).set(f.auth.developer)).body).toEqual({ message: '404 Project Not Found' });
    });

    it('is 404 Member Not Found for a user who is not a member', async () => {
      expect((await t.http.delete(`${members()}/${outsider.id}`).set(f.auth.owner)).body).toEqual({ message: '404 Member Not Found' });
    });
  });
});
