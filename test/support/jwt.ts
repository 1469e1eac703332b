import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/** Key pairs and hand-made tokens for the authentication specs: what an attacker or an IdP would send. */
export type KeyPair = { privateKey: KeyObject; publicKey: KeyObject; publicPem: string };

export function rsaKeyPair(): KeyPair {
  return keyPair(generateKeyPairSync('rsa', { modulusLength: 2048 }));
}

export function ecKeyPair(): KeyPair {
  return keyPair(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }));
}

function keyPair({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }): KeyPair {
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const HOUR = 3600;
export const now = () => Math.floor(Date.now() / 1000);

/** Claims of a valid token for user `sub`, one hour from expiry; override any of them (undefined drops it). */
export function claims(sub: string | number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const all: Record<string, unknown> = { sub: String(sub), scope: 'api', iat: now(), exp: now() + HOUR, jti: randomUUID(), ...overrides };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

export function sign(payload: Record<string, unknown>, key: string | KeyObject, algorithm: jwt.Algorithm, header: Record<string, unknown> = {}): string {
  return jwt.sign(payload, key, { algorithm, header: { alg: algorithm, ...header } as jwt.JwtHeader });
}

/**
 * An HS256 token whose "secret" is the public key's text: accepted by a verifier that hands the
 * configured public key to whatever algorithm the header names (algorithm confusion). jsonwebtoken
 * refuses to HMAC with a PEM key (its own guard), so the signature is made by hand.
 */
export function confused(payload: Record<string, unknown>, publicPem: string): string {
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${body}.${createHmac('sha256', publicPem).update(body).digest('base64url')}`;
}

/** `alg: none`: a header, a payload and an empty signature. */
export function unsigned(payload: Record<string, unknown>): string {
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export type JwksServer = { url: string; close(): Promise<void> };

/** Serves a JWKS on a loopback port, as an identity provider would. */
export async function startJwksServer(keys: { publicKey: KeyObject; kid: string; alg?: string }[]): Promise<JwksServer> {
  const body = JSON.stringify({
    keys: keys.map(({ publicKey, kid, alg }) => ({ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', ...(alg ? { alg } : {}) })),
  });
  const server = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
