import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironment } from '../config/environment.js';
import { GENERATED_SECRET_FILE, resolveSigningSecret } from './signing-secret.js';

describe('resolveSigningSecret', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duo-secret-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses JWT_SECRET when set', () => {
    const secret = 'x'.repeat(40);
    expect(resolveSigningSecret(loadEnvironment({ JWT_SECRET: secret, DATA_DIR: dataDir }))).toBe(secret);
  });

  it('generates one in DATA_DIR with mode 0600 and reads the same one back', () => {
    const config = loadEnvironment({ DATA_DIR: join(dataDir, 'nested') });
    const first = resolveSigningSecret(config);
    expect(first).toMatch(/^[\w-]{64}$/);
    expect(resolveSigningSecret(config)).toBe(first);
    expect(statSync(join(dataDir, 'nested', GENERATED_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('keeps one per process for memory:// data', () => {
    const config = loadEnvironment({ DATA_DIR: 'memory://' });
    expect(resolveSigningSecret(config)).toBe(resolveSigningSecret(config));
  });

  it('has none when only external tokens are verified', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----';
    expect(resolveSigningSecret(loadEnvironment({ JWT_PUBLIC_KEY: pem, DATA_DIR: dataDir }))).toBeUndefined();
    expect(resolveSigningSecret(loadEnvironment({ JWKS_URL: 'http://127.0.0.1:1/jwks', DATA_DIR: dataDir }))).toBeUndefined();
  });

  it('refuses a truncated secret file rather than signing with it', () => {
    const dir = mkdtempSync(join(dataDir, 'short-'));
    writeFileSync(join(dir, GENERATED_SECRET_FILE), 'short');
    expect(() => resolveSigningSecret(loadEnvironment({ DATA_DIR: dir }))).toThrow(/no usable signing secret/);
  });
});
