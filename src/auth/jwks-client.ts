import type { JwksClient, Options } from 'jwks-rsa';

/**
 * jwks-rsa 4 `require()`s `jose`, which is ESM-only. Node ≥ 20.19 (our floor) does that natively,
 * but jest's module sandbox on Node 20 cannot (it needs Node 24.9), so the package is loaded with
 * Node's own require — the same module either way, and the JWKS tests run the real client.
 */
const nodeRequire = process.getBuiltinModule('node:module').createRequire(import.meta.url);

export function createJwksClient(options: Options): JwksClient {
  const { JwksClient: Client } = nodeRequire('jwks-rsa') as typeof import('jwks-rsa');
  return new Client(options);
}
