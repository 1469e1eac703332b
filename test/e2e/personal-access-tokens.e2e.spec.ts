import jwt from 'jsonwebtoken';
import type { Identity } from '../../src/auth/identity.js';
import { PersonalAccessToken } from '../../src/auth/entities/personal-access-token.entity.js';
import { CreatePersonalAccessTokenService } from '../../src/users/services/create-personal-access-token.service.js';
import type { User } from '../../src/users/entities/user.entity.js';
import { findToken, mintRecordedToken } from '../support/factories.js';
import { bearer, people, type People } from '../support/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN_KEYS = ['active', 'created_at', 'expires_at', 'id', 'last_used_at', 'name', 'revoked', 'scopes', 'user_id'];
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('personal access tokens API', () => {
  let t: TestApp;
  let alice: User;
  let carol: User;
  let asAdmin: People['asAdmin'];
  let asAlice: People['asAlice'];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.truncate();
    ({ alice, carol, asAdmin, asAlice } = await people(t));
  });

  const mint = (auth: Record<string, string>, user: User, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v4/users/${user.id}/tokens`).set(auth).send({ name: 'gateway', scopes: ['ai_workflows'], expires_at: inDays(30), ...body });

  describe('POST /users/:id/tokens', () => {
    it('mints a token for the caller and shows it once (201), with the record fields', async () => {
      const response = await mint(asAlice, alice, { scopes: ['read_api', 'ai_workflows'] });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body).sort()).toEqual([...TOKEN_KEYS, 'token'].sort());
      expect(response.body).toMatchObject({ user_id: Number(alice.id), name: 'gateway', scopes: ['read_api', 'ai_workflows'], revoked: false, active: true, last_used_at: null });

      const claims = jwt.decode(response.body.token) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: alice.id, scope: 'read_api ai_workflows' });
      expect(claims.exp).toBe(Math.floor(Date.parse(response.body.expires_at) / 1000));
      expect(jwt.decode(response.body.token, { complete: true })?.header.alg).toBe('HS256');

      const record = await t.dataSource.getRepository(PersonalAccessToken).findOneByOrFail({ id: String(response.body.id) });
      expect(record.jti).toBe(claims.jti);
      expect(JSON.stringify(record)).not.toContain(response.body.token);
    });

    it('gives a token that works with exactly its scopes', async () => {
      const { token } = (await mint(asAlice, alice, { scopes: ['read_api'] })).body;
      expect((await t.http.get('/api/v4/user').set('PRIVATE-TOKEN', token)).body.id).toBe(Number(alice.id));
      expect((await t.http.post('/api/v4/projects').set('PRIVATE-TOKEN', token).send({})).body).toEqual({ message: '403 Forbidden - insufficient_scope' });
    });

    it('accepts a date (midnight UTC) as expires_at', async () => {
      const date = inDays(10).slice(0, 10);
      const response = await mint(asAlice, alice, { expires_at: date });
      expect(response.status).toBe(201);
      expect(response.body.expires_at).toBe(`${date}T00:00:00.000Z`);
    });

    it('lets administrators mint for anyone', async () => {
      const response = await mint(asAdmin, carol, { scopes: ['api'] });
      expect(response.status).toBe(201);
      expect((await t.http.get('/api/v4/user').set('Authorization', `Bearer ${response.body.token}`)).body.id).toBe(Number(carol.id));
    });

    it('is 403 for a non-administrator minting for someone else, and records nothing', async () => {
      const response = await mint(asAlice, carol);
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ message: '403 Forbidden' });
      expect(await t.dataSource.getRepository(PersonalAccessToken).countBy({ userId: carol.id })).toBe(0);
    });

    it('is 404 when an administrator names a user that does not exist', async () => {
      expect((await t.http.post('/api/v4/users/424242/tokens').set(asAdmin).send({ name: 'x', scopes: ['api'], expires_at: inDays(1) })).body).toEqual({
        message: '404 User Not Found',
      });
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['expires_at in the past', { expires_at: new Date(Date.now() - 1000).toISOString() }, /expires_at must be in the future/],
      ['expires_at more than a year away', { expires_at: inDays(366) }, /expires_at must be at most 365 days from now/],
      ['no expires_at', { expires_at: undefined }, /expires_at must be a valid ISO 8601 date string/],
      ['an expires_at that is not a date', { expires_at: 'next tuesday' }, /expires_at must be a valid ISO 8601/],
      ['no scopes', { scopes: [] }, /scopes should not be empty/],
      ['an unknown scope', { scopes: ['sudo'] }, /each value in scopes must be one of: api, read_api, ai_workflows/],
      ['a repeated scope', { scopes: ['api', 'api'] }, /scopes's elements must be unique/],
      ['no name', { name: undefined }, /name/],
      ['the token itself', { token: 'x' }, /property token should not exist/],
    ])('answers 400 for %s', async (_case, body, message) => {
      const response = await mint(asAlice, alice, body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^400 Bad request - /);
      expect(response.body.message).toMatch(message);
    });

    it('allows almost a year', async () => {
      expect((await mint(asAlice, alice, { expires_at: inDays(364) })).status).toBe(201);
    });
  });

  describe('a scope above the caller\'s own', () => {
    it('cannot be minted with a read_api or ai_workflows token: the route needs api', async () => {
      for (const scopes of [['read_api'], ['ai_workflows']] as const) {
        const response = await mint(await bearer(t, alice, [...scopes]), alice, { scopes: ['api'] });
        expect(response.status).toBe(403);
        expect(response.body).toEqual({ message: '403 Forbidden - insufficient_scope' });
      }
    });

    it('is refused by the service itself: a token grants only what the calling token covers', async () => {
      const service = t.app.get(CreatePersonalAccessTokenService);
      const caller = (scopes: Identity['scopes']): Identity => ({ user: alice, scopes, tokenId: null });
      const params = { name: 'x', expires_at: inDays(1) };

      const refused = await service.execute(caller(['ai_workflows']), alice.id, { ...params, scopes: ['api', 'ai_workflows'] });
      expect(refused).toEqual({ status: 'error', reason: 'forbidden', message: 'cannot grant api: beyond the scopes of the token making the request' });
      const narrower = await service.execute(caller(['read_api']), alice.id, { ...params, scopes: ['read_api'] });
      expect(narrower.status).toBe('success');
      const fromApi = await service.execute(caller(['api']), alice.id, { ...params, scopes: ['api', 'read_api', 'ai_workflows'] });
      expect(fromApi.status).toBe('success');
    });
  });

  describe('GET /users/:id/tokens', () => {
    it('lists the tokens with their state, never the tokens themselves', async () => {
      const minted = await mint(asAlice, alice);
      const response = await t.http.get(`/api/v4/users/${alice.id}/tokens`).set(asAlice);
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(2); // the one in asAlice, and the minted one
      for (const token of response.body) expect(Object.keys(token).sort()).toEqual(TOKEN_KEYS);
      expect(JSON.stringify(response.body)).not.toContain(minted.body.token);
      expect(response.body[1]).toMatchObject({ id: minted.body.id, revoked: false, active: true });
    });

    it("is 403 for someone else's tokens and open to administrators", async () => {
      expect((await t.http.get(`/api/v4/users/${carol.id}/tokens`).set(asAlice)).status).toBe(403);
      const response = await t.http.get(`/api/v4/users/${alice.id}/tokens`).set(asAdmin);
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(1);
    });

    it('records last use at most once a minute', async () => {
      const { record, jwt: token } = await mintRecordedToken(t, alice);
      expect((await findToken(t, record.id)).lastUsedAt).toBeNull();
      await t.http.get('/api/v4/user').set('Authorization', `Bearer ${token}`).expect(200);
      const first = (await findToken(t, record.id)).lastUsedAt!;
      expect(Date.now() - first.getTime()).toBeLessThan(10_000);
      await t.http.get('/api/v4/user').set('Authorization', `Bearer ${token}`).expect(200);
      expect((await findToken(t, record.id)).lastUsedAt).toEqual(first);

      const earlier = new Date(Date.now() - 2 * 60_000);
      await t.dataSource.getRepository(PersonalAccessToken).update({ id: record.id }, { lastUsedAt: earlier });
      await t.http.get('/api/v4/user').set('Authorization', `Bearer ${token}`).expect(200);
      expect((await findToken(t, record.id)).lastUsedAt!.getTime()).toBeGreaterThan(earlier.getTime() + 60_000);
    });
  });

  describe('DELETE /users/:id/tokens/:token_id', () => {
    it('revokes (204): the token answers 401 from then on and is listed as revoked', async () => {
      const minted = (await mint(asAlice, alice, { scopes: ['api'] })).body;
      const auth = { Authorization: `Bearer ${minted.token}` };
      expect((await t.http.get('/api/v4/user').set(auth)).status).toBe(200);

      const response = await t.http.delete(`/api/v4/users/${alice.id}/tokens/${minted.id}`).set(asAlice);
      expect(response.status).toBe(204);
      expect((await t.http.get('/api/v4/user').set(auth)).body).toEqual({ message: '401 Unauthorized' });
      const listed = (await t.http.get(`/api/v4/users/${alice.id}/tokens`).set(asAlice)).body.find((token: { id: number }) => token.id === minted.id);
      expect(listed).toMatchObject({ revoked: true, active: false });
      // Revoking again changes nothing and is not an error.
      expect((await t.http.delete(`/api/v4/users/${alice.id}/tokens/${minted.id}`).set(asAlice)).status).toBe(204);
    });

    it('lets a token revoke itself', async () => {
      const { record, jwt: token } = await mintRecordedToken(t, alice);
      const auth = { Authorization: `Bearer ${token}` };
      expect((await t.http.delete(`/api/v4/users/${alice.id}/tokens/${record.id}`).set(auth)).status).toBe(204);
      expect((await t.http.get('/api/v4/user').set(auth)).status).toBe(401);
    });

    it("is 403 on someone else's tokens, 404 for a token of another user under one's own id", async () => {
      const { record } = await mintRecordedToken(t, carol);
      expect((await t.http.delete(`/api/v4/users/${carol.id}/tokens/${record.id}`).set(asAlice)).status).toBe(403);
      const elsewhere = await t.http.delete(`/api/v4/users/${alice.id}/tokens/${record.id}`).set(asAlice);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body).toEqual({ message: '404 Personal Access Token Not Found' });
      expect((await findToken(t, record.id)).revokedAt).toBeNull();
    });

    it('lets administrators revoke anyone\'s token; unknown ids are 404', async () => {
      const { record } = await mintRecordedToken(t, carol);
      expect((await t.http.delete(`/api/v4/users/${carol.id}/tokens/${record.id}`).set(asAdmin)).status).toBe(204);
      expect((await findToken(t, record.id)).revokedAt).not.toBeNull();
      expect((await t.http.delete(`/api/v4/users/${carol.id}/tokens/424242`).set(asAdmin)).status).toBe(404);
      expect((await t.http.delete(`/api/v4/users/${carol.id}/tokens/x`).set(asAdmin)).status).toBe(404);
    });
  });
});
