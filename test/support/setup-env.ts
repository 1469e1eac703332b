// Tests run quietly, without rate limits, with a fixed signing secret, on DATABASE_URL when given.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.RATE_LIMIT_ENABLED ??= 'false';
process.env.JWT_SECRET ??= 'test-secret-that-is-at-least-32-characters-long';
