import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwksKeySet } from './jwks-key-set.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const jwk = (key: typeof rsa, extra: Record<string, unknown>) => ({ ...key.export({ format: 'jwk' }), ...extra });

/** A JWKS endpoint on loopback whose keys the test changes, counting the fetches. */
function provider() {
  const state = { keys: [] as unknown[], fetches: 0, status: 200 };
  const server: Server = createServer((_request, response) => {
    state.fetches++;
    response.writeHead(state.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  return {
    state,
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('JwksKeySet', () => {
  const idp = provider();
  let url: string;
  beforeAll(async () => {
    url = await idp.start();
  });
  afterAll(() => idp.stop());
  beforeEach(() => {
    idp.state.fetches = 0;
    idp.state.status = 200;
  });

  it('finds keys by kid, converts them to PEM and keeps their alg; skips encryption and broken keys', async () => {
    idp.state.keys = [jwk(rsa, { kid: 'r', alg: 'RS256' }), jwk(ec, { kid: 'e' }), jwk(rsa, { kid: 'enc', use: 'enc' }), { kty: 'RSA', kid: 'broken', n: 'x' }];
    const keys = new JwksKeySet(url);
    expect(await keys.find('r')).toMatchObject({ kid: 'r', alg: 'RS256', kty: 'RSA', pem: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(await keys.find('e')).toMatchObject({ kid: 'e', kty: 'EC', alg: undefined });
    expect(await keys.find('enc')).toBeUndefined();
    expect(await keys.find('broken')).toBeUndefined();
  });

  it('uses the only key for a token without kid, and none when there are several', async () => {
    idp.state.keys = [jwk(rsa, { kid: 'only' })];
    expect(await new JwksKeySet(url).find(undefined)).toMatchObject({ kid: 'only' });
    idp.state.keys = [jwk(rsa, { kid: 'a' }), jwk(ec, { kid: 'b' })];
    expect(await new JwksKeySet(url).find(undefined)).toBeUndefined();
  });

  it('refetches for an unknown kid (rotation), but at most once per interval', async () => {
    idp.state.keys = [jwk(rsa, { kid: 'old' })];
    const keys = new JwksKeySet(url, { cacheMs: 60_000, minRefreshMs: 200, timeoutMs: 1000 });
    expect(await keys.find('old')).toBeDefined();
    idp.state.keys = [jwk(rsa, { kid: 'new' })];
    expect(await keys.find('new')).toBeUndefined(); // asked again too soon
    expect(await keys.find('unknown')).toBeUndefined();
    expect(idp.state.fetches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await keys.find('new')).toBeDefined();
    expect(idp.state.fetches).toBe(2);
  });

  it('keeps serving the keys it has while the provider fails, and fails without any', async () => {
    idp.state.keys = [jwk(rsa, { kid: 'k' })];
    const keys = new JwksKeySet(url, { cacheMs: 0, minRefreshMs: 0, timeoutMs: 1000 });
    expect(await keys.find('k')).toBeDefined();
    idp.state.status = 500;
    expect(await keys.find('k')).toBeDefined();
    await expect(new JwksKeySet(url).find('k')).rejects.toThrow(/answered 500/);
  });
});
