import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Algorithm, JwtHeader } from 'jsonwebtoken';
import { AppConfig, ConfigError } from '../config/environment.js';
import { JwksKeySet } from './jwks-key-set.js';
import { resolveSigningSecret } from './signing-secret.js';

/** The algorithm of each kind of key. Nothing else is ever accepted (no `none`, no HS384, …). */
const ASYMMETRIC_ALGORITHM: Record<string, Algorithm> = { rsa: 'RS256', ec: 'ES256' };
const JWK_ALGORITHM: Record<string, Algorithm> = { RSA: 'RS256', EC: 'ES256' };

export class UnacceptableTokenError extends Error {}

/**
 * Which keys verify which algorithm. Each algorithm has exactly one source of keys, chosen from
 * the token's header before its signature is checked: HS256 only ever meets JWT_SECRET, RS256 and
 * ES256 only ever meet the public key or the JWKS. So an HS256 token "signed" with the public key
 * text (algorithm confusion) is checked against the secret, or refused when there is none.
 */
@Injectable()
export class TokenKeys {
  /** The HS256 secret the service signs and verifies its own tokens with, if it has one. */
  readonly secret: string | undefined;
  private readonly secretKey: KeyObject | undefined;
  readonly algorithms: Algorithm[];
  private readonly publicKey: { pem: string; algorithm: Algorithm } | undefined;
  private readonly jwks: JwksKeySet | undefined;

  constructor(config: AppConfig) {
    this.secret = resolveSigningSecret(config);
    // As a KeyObject made once: given the text, jsonwebtoken first tries it as a public key (and
    // throws) on every verification before taking it as a secret.
    this.secretKey = this.secret ? createSecretKey(Buffer.from(this.secret, 'utf8')) : undefined;
    this.publicKey = config.JWT_PUBLIC_KEY ? parsePublicKey(config.JWT_PUBLIC_KEY) : undefined;
    this.jwks = config.JWKS_URL ? new JwksKeySet(config.JWKS_URL) : undefined;
    this.algorithms = [
      ...(this.secret ? (['HS256'] as const) : []),
      ...(this.publicKey ? [this.publicKey.algorithm] : []),
      ...(this.jwks ? (['RS256', 'ES256'] as const) : []),
    ].filter((algorithm, index, all) => all.indexOf(algorithm) === index);
  }

  /** The key for a token with this header; throws UnacceptableTokenError when its algorithm is not allowed. */
  async keyFor(header: Pick<JwtHeader, 'alg' | 'kid'>): Promise<string | KeyObject> {
    const algorithm = header.alg as Algorithm;
    if (!this.algorithms.includes(algorithm)) throw new UnacceptableTokenError(`algorithm ${header.alg} is not accepted`);
    if (algorithm === 'HS256') return this.secretKey!;
    if (this.publicKey?.algorithm === algorithm) return this.publicKey.pem;
    if (!this.jwks) throw new UnacceptableTokenError(`no key for ${algorithm}`);
    const key = await this.jwks.find(header.kid);
    if (!key) throw new UnacceptableTokenError(`no published key ${header.kid ?? '(no kid)'}`);
    // A published key serves one algorithm: the one it names, else the one of its type.
    if ((key.alg ?? JWK_ALGORITHM[key.kty]) !== algorithm) throw new UnacceptableTokenError(`key ${key.kid} is not for ${algorithm}`);
    return key.pem;
  }

  /** Tokens verified by the service's own secret were minted here, so they must have a record. */
  isOwnAlgorithm(algorithm: string | undefined): boolean {
    return algorithm === 'HS256';
  }
}

function parsePublicKey(pem: string): { pem: string; algorithm: Algorithm } {
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(pem.replace(/\\n/g, '\n'));
  } catch {
    throw new ConfigError('Invalid environment: JWT_PUBLIC_KEY is not a readable PEM public key');
  }
  const p256 = key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  if (!key.asymmetricKeyType || !(key.asymmetricKeyType in ASYMMETRIC_ALGORITHM) || !p256) {
    throw new ConfigError('Invalid environment: JWT_PUBLIC_KEY must be an RSA (RS256) or EC P-256 (ES256) key');
  }
  return { pem: key.export({ type: 'spki', format: 'pem' }).toString(), algorithm: ASYMMETRIC_ALGORITHM[key.asymmetricKeyType] };
}
