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
});
