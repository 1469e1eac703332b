import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { TcpProxy } from './tcp-proxy.js';
import { startTestApp, type TestApp } from './test-app.js';

export type AppBehindProxy = { t: TestApp; proxy: TcpProxy; embedded: boolean; close(): Promise<void> };

/**
 * A test app whose database sits behind a TcpProxy, for tests that take the database away: on
 * PostgreSQL it is DATABASE_URL; otherwise an embedded database served on its own port.
 */
export async function startAppBehindProxy(env: (embedded: boolean) => Record<string, string>): Promise<AppBehindProxy> {
  // Unset or empty (as the embedded-database test run sets it): an embedded database of its own.
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres('memory://');
  const url = embedded?.url ?? process.env.DATABASE_URL!;
  const proxy = TcpProxy.forUrl(url);
  await proxy.start();
  const t = await startTestApp({
    DATABASE_URL: proxy.rewrite(url),
    // A reconnected client gets the embedded database's one session back, statements and all.
    DB_PREPARED_STATEMENTS: String(!embedded),
    ...env(Boolean(embedded)),
  });
  return {
    t,
    proxy,
    embedded: Boolean(embedded),
    async close() {
      await proxy.restore().catch(() => undefined);
      await t.close();
      await proxy.cut();
      await embedded?.stop();
    },
  };
}
