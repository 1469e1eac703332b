import { startAppBehindProxy, type AppBehindProxy } from '../support/app-behind-proxy.js';
import type { TcpProxy } from '../support/tcp-proxy.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The database dies under a running server (every connection dropped, new ones refused) and comes
 * back. On PostgreSQL this runs against DATABASE_URL; otherwise against an embedded database
 * served on its own port, so both sit behind the same proxy.
 */
describe('database outage', () => {
  let app: AppBehindProxy;
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    app = await startAppBehindProxy((embedded) => ({ DB_POOL_SIZE: embedded ? '1' : '4', DB_CONNECT_TIMEOUT_MS: '1500' }));
    ({ proxy, t } = app);
  });

  afterAll(() => app.close());

  it('answers 503 with Retry-After within 5 s while the database is gone, then recovers by itself', async () => {
    expect((await t.http.get('/-/readiness')).status).toBe(200);

    await proxy.cut();
    const started = Date.now();
    const readiness = await t.http.get('/-/readiness');
    expect(readiness.status).toBe(503);
    expect(readiness.headers['retry-after']).toBe('5');
    expect(readiness.body).toMatchObject({ database: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await t.http.get('/-/liveness')).status).toBe(200);

    await proxy.restore();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await t.http.get('/-/readiness')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  });
});
