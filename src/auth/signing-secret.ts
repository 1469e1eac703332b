import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/environment.js';

export const GENERATED_SECRET_FILE = 'jwt-secret';

// `memory://` data (tests) lives as long as the process; so does its secret.
let processSecret: string | undefined;

/**
 * The HS256 secret the service signs its own tokens with: JWT_SECRET when set. When no key at all
 * is configured (development, tests), one is generated and kept in DATA_DIR (mode 0600) so tokens
 * survive restarts and the CLI and the server agree. A deployment that verifies only external
 * tokens (JWT_PUBLIC_KEY / JWKS_URL) has none, and then accepts no HS256 token at all.
 */
export function resolveSigningSecret(config: AppConfig): string | undefined {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.JWT_PUBLIC_KEY || config.JWKS_URL) return undefined;
  if (config.NODE_ENV === 'production') return undefined; // loadEnvironment refuses this; never invent one there
  if (config.DATA_DIR === 'memory://') return (processSecret ??= generateSecret());
  return readOrCreateSecretFile(join(resolve(config.DATA_DIR), GENERATED_SECRET_FILE));
}

function generateSecret(): string {
  return randomBytes(48).toString('base64url');
}

function readOrCreateSecretFile(file: string): string {
  mkdirSync(resolve(file, '..'), { recursive: true });
  try {
    // 'wx' fails if the file exists, so two processes starting together never overwrite each other.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, generateSecret());
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable signing secret; delete it to generate a new one`);
  return secret;
}
