import { createPublicKey, type JsonWebKey } from 'node:crypto';

export type PublishedKey = { kid?: string; alg?: string; kty: 'RSA' | 'EC'; pem: string };

export type JwksOptions = {
  /** Keys are fetched again after this long, so removed keys stop working. */
  cacheMs: number;
  /** An unknown kid fetches again (key rotation), but not more often than this. */
  minRefreshMs: number;
  timeoutMs: number;
};

const DEFAULTS: JwksOptions = { cacheMs: 10 * 60_000, minRefreshMs: 30_000, timeoutMs: 5000 };

/**
 * The signing keys an identity provider publishes at a JWKS URL, cached and refreshed on rotation.
 * Written on node:crypto rather than jwks-rsa: jwks-rsa 4 `require()`s the ESM-only `jose`, which
 * jest cannot load on Node 20 (docs/decisions/0009-jwks-key-set.md).
 */
export class JwksKeySet {
  private keys: PublishedKey[] = [];
  private fetchedAt = -Infinity;
  private attemptedAt = -Infinity;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly options: JwksOptions = DEFAULTS,
  ) {}

  /** The key for `kid` (or the only key, when the token names none); undefined when there is none. */
  async find(kid: string | undefined): Promise<PublishedKey | undefined> {
    if (Date.now() - this.fetchedAt >= this.options.cacheMs) await this.refresh();
    return this.pick(kid) ?? ((await this.refresh()) ? this.pick(kid) : undefined);
  }

  private pick(kid: string | undefined): PublishedKey | undefined {
    if (kid === undefined) return this.keys.length === 1 ? this.keys[0] : undefined;
    return this.keys.find((key) => key.kid === kid);
  }

  /**
   * Fetches the set again unless that was tried less than minRefreshMs ago (so unknown kids cannot
   * make us hammer the provider); one fetch at a time. Resolves true when it fetched.
   */
  private async refresh(): Promise<boolean> {
    if (!this.refreshing && Date.now() - this.attemptedAt < this.options.minRefreshMs) return false;
    this.refreshing ??= this.fetchKeys().finally(() => (this.refreshing = undefined));
    await this.refreshing;
    return true;
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = Date.now();
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(this.options.timeoutMs), headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`JWKS ${this.url} answered ${response.status}`);
      const body = (await response.json()) as { keys?: unknown };
      this.keys = Array.isArray(body.keys) ? body.keys.flatMap(toPublishedKey) : [];
      this.fetchedAt = Date.now();
    } catch (error) {
      // While the provider is down, the keys we already have keep working.
      if (this.keys.length === 0) throw error;
    }
  }
}
function toPublishedKey(jwk: JsonWebKey & { kid?: unknown; alg?: unknown; use?: unknown }): PublishedKey[] {
  if ((jwk.use !== undefined && jwk.use !== 'sig') || (jwk.kty !== 'RSA' && jwk.kty !== 'EC') || jwk.d !== undefined) return [];
  try {
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    return [{ kty: jwk.kty, pem, kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, alg: typeof jwk.alg === 'string' ? jwk.alg : undefined }];
  } catch {
    return []; // a malformed entry does not spoil the others
  }
}
