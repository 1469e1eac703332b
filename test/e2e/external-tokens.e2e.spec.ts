import { randomUUID } from 'node:crypto';
import { PersonalAccessToken } from '../../src/auth/entities/personal-access-token.entity.js';
import { User } from '../../src/users/entities/user.entity.js';
import { createUser, mintRecordedToken, mintToken } from '../support/factories.js';
import { claims, confused, ecKeyPair, now, rsaKeyPair, sign, startJwksServer, unsigned, type JwksServer, type KeyPair } from '../support/jwt.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ISSUER = 'https://idp.example.test';
const AUDIENCE = 'duo-checkpoints';
const UNAUTHORIZED = { message: '401 Unauthorized' };

/** Tokens issued elsewhere and verified by public key or JWKS: accepted while valid, never confused with HS256. */
describe('externally issued tokens', () => {
  const rsa = rsaKeyPair();
  const ec = ecKeyPair();

  async function get(t: TestApp, token: string, path = '/api/v4/user') {
    return t.http.get(path).set('Authorization', `Bearer ${token}`);
  }

  describe('RS256 with JWT_PUBLIC_KEY (no JWT_SECRET)', () => {
    let t: TestApp;
    let user: User;
    // An escaped PEM, as it arrives from a .env file, exercises the \n handling too.
    beforeAll(async () => {
      t = await startTestApp({ JWT_SECRET: '', JWT_PUBLIC_KEY: rsa.publicPem.replace(/\n/g, '\\n'), JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    });
    afterAll(() => t.close());
    beforeEach(async () => {
      await t.truncate();
      user = await createUser(t);
    });
    const valid = (overrides: Record<string, unknown> = {}) => claims(user.id, { iss: ISSUER, aud: AUDIENCE, ...overrides });

    it('accepts a valid token without a recorded jti, with the scopes of its claim', async () => {
      const token = sign(valid({ scope: 'read_api' }), rsa.privateKey, 'RS256');
      const response = await get(t, token);
      expect(response.status).toBe(200);
      expect(response.body.username).toBe(user.username);
      const write = await t.http.post('/api/v4/projects').set('Authorization', `Bearer ${token}`).send({});
      expect(write.status).toBe(403);
      expect(write.body).toEqual({ message: '403 Forbidden - insufficient_scope' });
    });

    it('refuses HS/RS confusion: an HS256 token signed with the public key text', async () => {
      const response = await get(t, confused(valid(), rsa.publicPem));
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
      expect((await get(t, confused(valid(), rsa.publicPem.replace(/\n/g, '\\n')))).status).toBe(401);
    });

    it.each<[string, (payload: Record<string, unknown>) => string]>([
      ['alg none', (payload) => unsigned(payload)],
      ['a signature by another key', (payload) => sign(payload, rsaKeyPair().privateKey, 'RS256')],
      ['ES256 when the key is RSA', (payload) => sign(payload, ec.privateKey, 'ES256')],
      ['RS512 (not on the allow-list)', (payload) => sign(payload, rsa.privateKey, 'RS512')],
      ['HS256 with any secret', (payload) => sign(payload, 'some-secret-that-is-at-least-32-characters-long', 'HS256')],
    ])('refuses %s', async (_name, make) => {
      const response = await get(t, make(valid()));
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    });

    it.each<[string, Record<string, unknown>]>([
      ['expired', { exp: now() - 5 }],
      ['without exp', { exp: undefined }],
      ['of a wrong issuer', { iss: 'https://evil.example' }],
      ['of a wrong audience', { aud: 'another-service' }],
      ['of an unknown user', { sub: '987654' }],
    ])('refuses a token %s', async (_name, overrides) => {
      expect((await get(t, sign(valid(overrides), rsa.privateKey, 'RS256'))).status).toBe(401);
    });

    it("refuses a blocked or deleted user's token", async () => {
      const token = sign(valid(), rsa.privateKey, 'RS256');
      await t.dataSource.getRepository(User).update({ id: user.id }, { state: 'blocked' });
      expect((await get(t, token)).status).toBe(401);
      await t.dataSource.getRepository(User).delete({ id: user.id });
      expect((await get(t, token)).status).toBe(401);
    });

    it('refuses an external token whose jti was recorded and revoked', async () => {
      const jti = randomUUID();
      const tokens = t.dataSource.getRepository(PersonalAccessToken);
      await tokens.save(tokens.create({ userId: user.id, jti, name: 'idp', scopes: ['api'], expiresAt: new Date(Date.now() + 3600_000), revokedAt: null, lastUsedAt: null }));
      const token = sign(valid({ jti }), rsa.privateKey, 'RS256');
      expect((await get(t, token)).status).toBe(200);
      await tokens.update({ jti }, { revokedAt: new Date() });
      expect((await get(t, token)).status).toBe(401);
    });

    it('does not mint tokens without a secret of its own, and says why', async () => {
      const admin = await createUser(t, { admin: true });
      const token = sign(claims(admin.id, { iss: ISSUER, aud: AUDIENCE }), rsa.privateKey, 'RS256');
      const response = await t.http
        .post(`/api/v4/users/${admin.id}/tokens`)
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'x', scopes: ['api'], expires_at: new Date(Date.now() + 86400_000).toISOString() });
      expect(response.status).toBe(403);
      expect(response.body.message).toMatch(/^403 Forbidden - .*set JWT_SECRET to mint tokens/);
    });
  });

  describe('JWT_SECRET and JWT_PUBLIC_KEY together', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ JWT_PUBLIC_KEY: rsa.publicPem });
    });
    afterAll(() => t.close());
    beforeEach(() => t.truncate());

    it('accepts its own HS256 tokens and external RS256 ones, and checks each only with its own key', async () => {
      const user = await createUser(t);
      expect((await get(t, await mintToken(t, user))).status).toBe(200);
      expect((await get(t, sign(claims(user.id), rsa.privateKey, 'RS256'))).status).toBe(200);
      // HS256 is allowed here, but only ever checked against JWT_SECRET, never the public key.
      const { record } = await mintRecordedToken(t, user);
      const response = await get(t, confused(claims(user.id, { jti: record.jti }), rsa.publicPem));
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    });
  });

  describe('ES256 with an EC P-256 JWT_PUBLIC_KEY', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ JWT_SECRET: '', JWT_PUBLIC_KEY: ec.publicPem });
    });
    afterAll(() => t.close());
    beforeEach(() => t.truncate());

    it('accepts ES256 and refuses RS256 and confusion', async () => {
      const user = await createUser(t);
      expect((await get(t, sign(claims(user.id), ec.privateKey, 'ES256'))).status).toBe(200);
      expect((await get(t, sign(claims(user.id), rsa.privateKey, 'RS256'))).status).toBe(401);
      expect((await get(t, confused(claims(user.id), ec.publicPem))).status).toBe(401);
    });
  });

  describe('JWKS_URL', () => {
    let t: TestApp;
    let jwks: JwksServer;
    let user: User;
    const other: KeyPair = rsaKeyPair();

    beforeAll(async () => {
      jwks = await startJwksServer([
        { publicKey: rsa.publicKey, kid: 'rsa-1', alg: 'RS256' },
        { publicKey: ec.publicKey, kid: 'ec-1' },
      ]);
      t = await startTestApp({ JWT_SECRET: '', JWKS_URL: jwks.url, JWT_ISSUER: ISSUER });
    });
    afterAll(async () => {
      await t.close();
      await jwks.close();
    });
    beforeEach(async () => {
      await t.truncate();
      user = await createUser(t);
    });
    const valid = (overrides: Record<string, unknown> = {}) => claims(user.id, { iss: ISSUER, ...overrides });

    it('accepts RS256 and ES256 tokens signed by keys it publishes, picked by kid', async () => {
      expect((await get(t, sign(valid(), rsa.privateKey, 'RS256', { kid: 'rsa-1' }))).status).toBe(200);
      expect((await get(t, sign(valid(), ec.privateKey, 'ES256', { kid: 'ec-1' }))).status).toBe(200);
    });

    it.each<[string, () => string]>([
      ['an unknown kid', () => sign(valid(), rsa.privateKey, 'RS256', { kid: 'nope' })],
      ['no kid while the set has two keys', () => sign(valid(), rsa.privateKey, 'RS256')],
      ['a key the set does not hold, under a known kid', () => sign(valid(), other.privateKey, 'RS256', { kid: 'rsa-1' })],
      ['ES256 under the kid of an RS256 key', () => sign(valid(), ec.privateKey, 'ES256', { kid: 'rsa-1' })],
      ['HS256 signed with the published key text', () => confused(valid(), rsa.publicPem)],
      ['a wrong issuer', () => sign(valid({ iss: 'https://evil.example' }), rsa.privateKey, 'RS256', { kid: 'rsa-1' })],
      ['alg none', () => unsigned(valid())],
    ])('refuses %s', async (_name, make) => {
      const response = await get(t, make());
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    });
  });

  describe('JWKS_URL that cannot be reached', () => {
    let t: TestApp;
    beforeAll(async () => {
      const jwks = await startJwksServer([]);
      await jwks.close(); // the port is now closed
      t = await startTestApp({ JWT_SECRET: '', JWKS_URL: jwks.url });
    });
    afterAll(() => t.close());

    it('answers 401, not 500', async () => {
      const user = await createUser(t);
      const response = await get(t, sign(claims(user.id), rsa.privateKey, 'RS256', { kid: 'rsa-1' }));
      expect(response.status).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
    });
  });
});
