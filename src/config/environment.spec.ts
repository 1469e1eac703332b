import { ConfigError, loadEnvironment } from './environment.js';

describe('loadEnvironment', () => {
  it('applies the documented defaults', () => {
    const config = loadEnvironment({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DB_MIGRATE_ON_START).toBe(true);
    expect(config.BODY_LIMIT_MB).toBe(32);
    expect(config.RETENTION_DAYS).toBe(30);
  });

  it('converts numbers and booleans from strings', () => {
    const config = loadEnvironment({ PORT: '8080', DB_MIGRATE_ON_START: 'false', DB_POOL_SIZE: '4' });
    expect(config.PORT).toBe(8080);
    expect(config.DB_MIGRATE_ON_START).toBe(false);
    expect(config.DB_POOL_SIZE).toBe(4);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid environment: PORT .*"eighty"/],
    [{ PORT: '70000' }, /^Invalid environment: PORT must not be greater than 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid environment: DATABASE_URL must be a postgres/],
    [{ DB_MIGRATE_ON_START: 'yes' }, /^Invalid environment: DB_MIGRATE_ON_START must be a boolean/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid environment: LOG_LEVEL/],
  ])('stops with one line naming the variable for %p', (env, message) => {
    expect(() => loadEnvironment(env)).toThrow(ConfigError);
    expect(() => loadEnvironment(env)).toThrow(message);
  });

  it('never echoes a secret it rejects', () => {
    expect(() => loadEnvironment({ JWT_SECRET: 'short-secret' })).toThrow(/^Invalid environment: JWT_SECRET must be at least 32 characters$/);
  });

  it('requires a signing key in production', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET .* is required when NODE_ENV=production/);
  });
});
