import { setTimeout as sleep } from 'node:timers/promises';
import { poolOf } from '../../src/database/sql.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { workflowOwner } from '../support/workflow-fixtures.js';

// The request path's SQL is prepared once per connection on PostgreSQL (src/database/sql.ts), and
// not at all when DB_PREPARED_STATEMENTS=false or on the embedded database. With a pool of one, the
// test's own query runs in the same session as the app's, so it sees the session's statements.
describe('prepared statements', () => {
  const preparedAfterARequest = async (env: Record<string, string>) => {
    const t: TestApp = await startTestApp({ DB_POOL_SIZE: '1', ...env });
    try {
      await t.truncate();
      const owner = await workflowOwner(t);
      await t.http.get('/api/v4/user').set(owner.auth).expect(200);
      const rows: { name: string }[] = await t.dataSource.query(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'duo\\_%'`);
      return rows.length;
    } finally {
      await t.close();
    }
  };

  it('are named on PostgreSQL unless turned off, and never on the embedded database', async () => {
    if (process.env.DATABASE_URL) {
      expect(await preparedAfterARequest({})).toBeGreaterThan(0);
      expect(await preparedAfterARequest({ DB_PREPARED_STATEMENTS: 'false' })).toBe(0);
    } else {
      expect(await preparedAfterARequest({})).toBe(0);
    }
  });

  it('are planned again on a new connection once DB_CONNECTION_LIFETIME_S has passed', async () => {
    const t: TestApp = await startTestApp({ DB_POOL_SIZE: '1', DB_CONNECTION_LIFETIME_S: '1' });
    try {
      if (!process.env.DATABASE_URL) {
        // The embedded database prepares nothing, and keeps its one connection.
        expect(poolOf(t.dataSource).options.maxLifetimeSeconds).toBeFalsy();
        return;
      }
      // With a pool of one, the test's query runs on the app's connection.
      const backend = async () => ((await t.dataSource.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0].pid;
      const first = await backend();
      expect(await backend()).toBe(first);
      await sleep(1500);
      expect(await backend()).not.toBe(first);
    } finally {
      await t.close();
    }
  });
});
