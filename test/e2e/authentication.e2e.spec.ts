import { randomUUID } from 'node:crypto';
import { PersonalAccessToken } from '../../src/auth/entities/personal-access-token.entity.js';
import { User } from '../../src/users/entities/user.entity.js';
import { authenticatedRoutes, call, describeRoute, type ApiRoute } from '../support/api-routes.js';
import { createAdmin, createUser, mintRecordedToken } from '../support/factories.js';
import { claims, now, rsaKeyPair, sign, unsigned } from '../support/jwt.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ISSUER = 'https://duo.example.test';
const AUDIENCE = 'duo-checkpoints';

/**
 * GitLab's request-spec matrix for authentication, on every authenticated route: each case is a
 * token that would be accepted but for one defect, and must get exactly 401 {"message":"401 Unauthorized"}.
 */
describe('authentication (HS256 with JWT_SECRET, iss and aud configured)', () => {
  let t: TestApp;
  let routes: ApiRoute[];
  let secret: string;

  beforeAll(async () => {
    t = await startTestApp({ JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    secret = t.config.JWT_SECRET!;
    routes = await authenticatedRoutes(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.truncate());

  /** A recorded token's claims for an admin (so no route refuses it for lack of permission). */
  async function recordedClaims(overrides: Record<string, unknown> = {}, user?: User) {
    const owner = user ?? (await createAdmin(t));
    const { record } = await mintRecordedToken(t, owner);
    return claims(owner.id, { jti: record.jti, iss: ISSUER, aud: AUDIENCE, ...overrides });
  }
  const hs = (payload: Record<string, unknown>, key = secret) => ({ Authorization: `Bearer ${sign(payload, key, 'HS256')}` });

  async function expectUnauthorizedEverywhere(headers: Record<string, string>) {
    expect(routes.length).toBeGreaterThanOrEqual(18);
    for (const route of routes) {
      const response = await call(t, route, headers);
      expect({ route: describeRoute(route), status: response.status, body: response.body }).toEqual({
        route: describeRoute(route),
        status: 401,
        body: { message: '401 Unauthorized' },
      });
    }
  }

  it('accepts the control: a well-formed recorded token, as Bearer and as PRIVATE-TOKEN', async () => {
    const token = sign(await recordedClaims(), secret, 'HS256');
    expect((await t.http.get('/api/v4/user').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await t.http.get('/api/v4/user').set('PRIVATE-TOKEN', token)).status).toBe(200);
  });

  const cases: [string, () => Promise<Record<string, string>>][] = [
    ['no token', async () => ({})],
    ['a garbage Bearer token', async () => ({ Authorization: 'Bearer garbage' })],
    ['a garbage PRIVATE-TOKEN', async () => ({ 'PRIVATE-TOKEN': 'not.a.jwt' })],
    ['a token under another scheme', async () => ({ Authorization: `Basic ${sign(await recordedClaims(), secret, 'HS256')}` })],
    ['alg none', async () => ({ Authorization: `Bearer ${unsigned(await recordedClaims())}` })],
    ['a bad signature', async () => hs(await recordedClaims(), 'another-secret-that-is-at-least-32-characters')],
    ['a tampered payload', async () => {
      const [header, , signature] = sign(await recordedClaims(), secret, 'HS256').split('.');
      const admin = await createAdmin(t);
      const payload = Buffer.from(JSON.stringify(await recordedClaims({}, admin))).toString('base64url');
      return { Authorization: `Bearer ${header}.${payload}.${signature}` };
    }],
    ['RS256 when only HS256 is configured', async () => ({ Authorization: `Bearer ${sign(await recordedClaims(), rsaKeyPair().privateKey, 'RS256')}` })],
    ['HS384 (not on the allow-list)', async () => ({ Authorization: `Bearer ${sign(await recordedClaims(), secret, 'HS384')}` })],
    ['an expired token', async () => hs(await recordedClaims({ exp: now() - 10, iat: now() - 3600 }))],
    ['a token without exp', async () => hs(await recordedClaims({ exp: undefined }))],
    ['a token not yet valid (nbf)', async () => hs(await recordedClaims({ nbf: now() + 600 }))],
    ['a wrong audience', async () => hs(await recordedClaims({ aud: 'someone-else' }))],
    ['no audience', async () => hs(await recordedClaims({ aud: undefined }))],
    ['a wrong issuer', async () => hs(await recordedClaims({ iss: 'https://evil.example' }))],
    ['no issuer', async () => hs(await recordedClaims({ iss: undefined }))],
    ['a sub that is not a user id', async () => hs(await recordedClaims({ sub: 'root' }))],
    ['an unknown user', async () => hs(await recordedClaims({ sub: '424242' }))],
    ['a revoked token', async () => {
      const payload = await recordedClaims();
      await t.dataSource.getRepository(PersonalAccessToken).update({ jti: payload.jti as string }, { revokedAt: new Date() });
      return hs(payload);
    }],
    ['a token whose record has expired', async () => {
      const payload = await recordedClaims();
      await t.dataSource.getRepository(PersonalAccessToken).update({ jti: payload.jti as string }, { expiresAt: new Date(Date.now() - 1000) });
      return hs(payload);
    }],
    ['a blocked user', async () => {
      const user = await createAdmin(t);
      const payload = await recordedClaims({}, user);
      await t.dataSource.getRepository(User).update({ id: user.id }, { state: 'blocked' });
      return hs(payload);
    }],
    ['a deleted user', async () => {
      const user = await createAdmin(t);
      const payload = await recordedClaims({}, user);
      await t.dataSource.getRepository(User).delete({ id: user.id });
      return hs(payload);
    }],
    ["another user's jti", async () => {
      const other = await createUser(t);
      const { record } = await mintRecordedToken(t, other);
      return hs(await recordedClaims({ jti: record.jti }));
    }],
    ['an HS256 token without a record (the service records all it mints)', async () => hs(await recordedClaims({ jti: randomUUID() }))],
    ['an HS256 token without a jti', async () => hs(await recordedClaims({ jti: undefined }))],
  ];

  it.each(cases)('answers 401 to %s on every authenticated route', async (_name, headers) => {
    await expectUnauthorizedEverywhere(await headers());
  });

  it('leaves public routes open', async () => {
    for (const path of ['/-/liveness', '/-/readiness', '/-/health', '/api/docs-json']) {
      expect((await t.http.get(path).set('Authorization', 'Bearer garbage')).status).toBe(200);
    }
  });
});
