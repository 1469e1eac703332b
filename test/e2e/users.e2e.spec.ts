import { PersonalAccessToken } from '../../src/auth/entities/personal-access-token.entity.js';
import { ProjectMember } from '../../src/projects/entities/project-member.entity.js';
import { User } from '../../src/users/entities/user.entity.js';
import { createProject } from '../support/factories.js';
import { people, type People } from '../support/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const USER_KEYS = ['admin', 'created_at', 'email', 'id', 'name', 'state', 'updated_at', 'username'];
const FORBIDDEN = { message: '403 Forbidden' };

describe('users API', () => {
  let t: TestApp;
  let admin: User;
  let alice: User;
  let asAdmin: People['asAdmin'];
  let asAlice: People['asAlice'];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    ({ admin, alice, asAdmin, asAlice } = await people(t));
  });

  describe('GET /user', () => {
    it('shows the caller, with exactly the user fields', async () => {
      const response = await t.http.get('/api/v4/user').set(asAlice);
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(USER_KEYS);
      expect(response.body).toMatchObject({ id: Number(alice.id), username: 'alice', name: 'Alice', email: 'alice@example.com', admin: false, state: 'active' });
      expect((await t.http.get('/api/v4/user').set(asAdmin)).body).toMatchObject({ username: 'boss', admin: true });
    });
  });

  describe('GET /users', () => {
    it('lists every user, newest first, for administrators', async () => {
      const response = await t.http.get('/api/v4/users').set(asAdmin);
      expect(response.status).toBe(200);
      expect(response.body.map((user: { username: string }) => user.username)).toEqual(['carol', 'alice', 'boss']);
      expect(Object.keys(response.body[0]).sort()).toEqual(USER_KEYS);
    });

    it('is 403 for everyone else', async () => {
      const response = await t.http.get('/api/v4/users').set(asAlice);
      expect(response.status).toBe(403);
      expect(response.body).toEqual(FORBIDDEN);
    });
  });

  describe('POST /users', () => {
    const body = { username: 'bob', name: 'Bob', email: 'bob@example.com' };

    it('creates an active non-admin user by default (201)', async () => {
      const response = await t.http.post('/api/v4/users').set(asAdmin).send(body);
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual(USER_KEYS);
      expect(response.body).toMatchObject({ ...body, admin: false, state: 'active' });
      expect(await t.dataSource.getRepository(User).countBy({ username: 'bob' })).toBe(1);
    });

    it('lets administrators create administrators and blocked users', async () => {
      const response = await t.http.post('/api/v4/users').set(asAdmin).send({ ...body, admin: true, state: 'blocked' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ admin: true, state: 'blocked' });
    });

    it('is 403 for non-administrators, and creates nothing', async () => {
      const response = await t.http.post('/api/v4/users').set(asAlice).send(body);
      expect(response.status).toBe(403);
      expect(await t.dataSource.getRepository(User).countBy({ username: 'bob' })).toBe(0);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a missing username', { name: 'Bob', email: 'bob@example.com' }, /username/],
      ['a missing email', { username: 'bob', name: 'Bob' }, /email must be an email/],
      ['an invalid email', { ...body, email: 'not-an-email' }, /email must be an email/],
      ['an invalid username', { ...body, username: '-bob' }, /username may contain only/],
      ['a username ending in .git', { ...body, username: 'bob.git' }, /username may contain only/],
      ['an empty name', { ...body, name: '' }, /name should not be empty/],
      ['an unknown state', { ...body, state: 'deactivated' }, /state must be one of/],
      ['a non-boolean admin', { ...body, admin: 'yes' }, /admin must be a boolean/],
      ['a null admin (not a NOT NULL 500)', { ...body, admin: null }, /admin must be a boolean/],
      ['a null state', { ...body, state: null }, /state must be one of/],
      ['an unknown field', { ...body, password: 'x' }, /property password should not exist/],
      ['an id', { ...body, id: 99 }, /property id should not exist/],
    ])('answers 400 naming the field for %s', async (_case, payload, message) => {
      const response = await t.http.post('/api/v4/users').set(asAdmin).send(payload);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^400 Bad request - /);
      expect(response.body.message).toMatch(message);
    });

    it('answers 409 for a username or email that is taken, whatever the case', async () => {
      const username = await t.http.post('/api/v4/users').set(asAdmin).send({ ...body, username: 'ALICE' });
      expect(username.status).toBe(409);
      expect(username.body).toEqual({ message: '409 Conflict - username has already been taken' });
      const email = await t.http.post('/api/v4/users').set(asAdmin).send({ ...body, email: 'Alice@Example.com' });
      expect(email.status).toBe(409);
      expect(email.body).toEqual({ message: '409 Conflict - email has already been taken' });
    });
  });

  describe('GET /users/:id', () => {
    it('shows any user to administrators and a user to themself', async () => {
      expect((await t.http.get(`/api/v4/users/${alice.id}`).set(asAdmin)).body).toMatchObject({ username: 'alice' });
      const own = await t.http.get(`/api/v4/users/${alice.id}`).set(asAlice);
      expect(own.status).toBe(200);
      expect(Object.keys(own.body).sort()).toEqual(USER_KEYS);
    });

    it('is 403 for another user, whether or not the id exists', async () => {
      expect((await t.http.get(`/api/v4/users/${admin.id}`).set(asAlice)).status).toBe(403);
      expect((await t.http.get('/api/v4/users/424242').set(asAlice)).status).toBe(403);
    });

    it.each(['424242', 'abc', '99999999999999999999999'])('is 404 User Not Found for %p', async (id) => {
      const response = await t.http.get(`/api/v4/users/${id}`).set(asAdmin);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: '404 User Not Found' });
    });
  });

  describe('PATCH /users/:id', () => {
    it('lets administrators change anything, admin and state included', async () => {
      const response = await t.http.patch(`/api/v4/users/${alice.id}`).set(asAdmin).send({ name: 'Alice L.', admin: true, state: 'blocked' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'Alice L.', admin: true, state: 'blocked', username: 'alice' });
      expect(Object.keys(response.body).sort()).toEqual(USER_KEYS);
    });

    it('lets a user change their own name, username and email', async () => {
      const response = await t.http.patch(`/api/v4/users/${alice.id}`).set(asAlice).send({ name: 'Al', username: 'al', email: 'al@example.com' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'Al', username: 'al', email: 'al@example.com', admin: false });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['admin: true', { admin: true }, 'admin'],
      ['state', { state: 'active' }, 'state'],
      ['admin and state beside a harmless field', { name: 'A', admin: true, state: 'active' }, 'admin, state'],
    ])('refuses mass assignment of %s in a user\'s own update (403), changing nothing', async (_case, payload, fields) => {
      const response = await t.http.patch(`/api/v4/users/${alice.id}`).set(asAlice).send(payload);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: `403 Forbidden - only administrators may change ${fields}` });
      expect(await t.dataSource.getRepository(User).findOneByOrFail({ id: alice.id })).toMatchObject({ admin: false, name: 'Alice' });
    });

    it("is 403 on another user's record", async () => {
      expect((await t.http.patch(`/api/v4/users/${admin.id}`).set(asAlice).send({ name: 'x' })).status).toBe(403);
    });

    it('answers 400 for unknown fields and 409 for a taken username', async () => {
      const unknown = await t.http.patch(`/api/v4/users/${alice.id}`).set(asAdmin).send({ is_admin: true });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ message: '400 Bad request - property is_admin should not exist' });
      const taken = await t.http.patch(`/api/v4/users/${alice.id}`).set(asAdmin).send({ username: 'Boss' });
      expect(taken.status).toBe(409);
    });

    it('is 404 for a user that does not exist', async () => {
      expect((await t.http.patch('/api/v4/users/424242').set(asAdmin).send({ name: 'x' })).body).toEqual({ message: '404 User Not Found' });
    });

    it('blocking a user makes their tokens fail with 401', async () => {
      expect((await t.http.get('/api/v4/user').set(asAlice)).status).toBe(200);
      await t.http.patch(`/api/v4/users/${alice.id}`).set(asAdmin).send({ state: 'blocked' }).expect(200);
      expect((await t.http.get('/api/v4/user').set(asAlice)).body).toEqual({ message: '401 Unauthorized' });
      await t.http.patch(`/api/v4/users/${alice.id}`).set(asAdmin).send({ state: 'active' }).expect(200);
      expect((await t.http.get('/api/v4/user').set(asAlice)).status).toBe(200);
    });
  });

  describe('DELETE /users/:id', () => {
    it('deletes the user with their memberships and tokens (204); their tokens fail with 401', async () => {
      await createProject(t, { members: [[alice, 30]] });
      const response = await t.http.delete(`/api/v4/users/${alice.id}`).set(asAdmin);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(await t.dataSource.getRepository(User).countBy({ id: alice.id })).toBe(0);
      expect(await t.dataSource.getRepository(ProjectMember).countBy({ userId: alice.id })).toBe(0);
      expect(await t.dataSource.getRepository(PersonalAccessToken).countBy({ userId: alice.id })).toBe(0);
      expect((await t.http.get('/api/v4/user').set(asAlice)).status).toBe(401);
    });

    it('is 403 for non-administrators, themselves included', async () => {
      expect((await t.http.delete(`/api/v4/users/${alice.id}`).set(asAlice)).status).toBe(403);
      expect((await t.http.delete(`/api/v4/users/${admin.id}`).set(asAlice)).status).toBe(403);
      expect(await t.dataSource.getRepository(User).count()).toBe(3);
    });

    it('is 404 for a user that does not exist', async () => {
      expect((await t.http.delete('/api/v4/users/424242').set(asAdmin)).body).toEqual({ message: '404 User Not Found' });
    });
  });
});
