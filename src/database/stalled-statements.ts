import type { Pool, PoolClient } from 'pg';

type Watched = { pending: number; since: number };
type WatchedClient = PoolClient & { connection?: { on(event: string, listener: () => void): void; stream?: { destroy(): void } } };

/**
 * Drops a pool connection whose statement has had no answer for `limitMs`: a database that vanished
 * without closing its sockets would otherwise hold the connection, and the request, for good. The
 * statement then fails as on a dropped connection ("Connection terminated"), which the request
 * path answers with 503.
 *
 * Why not pg's own `query_timeout`: it arms a timer per statement whose callback holds the query
 * and its rows, and with it every result outlived the young generation's collections (in the
 * server's process, a loop of checkpoint lookups promoted 1 GB in 8 s with it, 26 MB without, and
 * ran a third faster; decision 0014). Here one timer checks every connection once a second, and a
 * connection only counts its pending statements: each `query` call adds one, each ReadyForQuery
 * (PostgreSQL's answer that a statement is done, errors included) takes one away.
 */
export function dropStalledConnections(pool: Pool, limitMs: number): () => void {
  const watched = new Map<WatchedClient, Watched>();
  const watch = (client: WatchedClient) => {
    if (watched.has(client)) return;
    const state: Watched = { pending: 0, since: Date.now() };
    watched.set(client, state);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Once per connection (a pool holds a handful), not per statement.
    (client as { query: unknown }).query = (...args: unknown[]) => {
      if (state.pending++ === 0) state.since = Date.now();
      return query(...args);
    };
    client.connection?.on('readyForQuery', () => {
      state.pending = Math.max(0, state.pending - 1);
      state.since = Date.now();
    });
    client.on('end', () => watched.delete(client));
  };
  pool.on('connect', watch);
  pool.on('acquire', watch);
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [client, state] of watched) {
      if (state.pending > 0 && now - state.since > limitMs) {
        // Its 'end' forgets it; until then it is not dropped twice.
        state.pending = 0;
        client.connection?.stream?.destroy();
      }
    }
  }, Math.min(1000, limitMs)).unref();
  return () => clearInterval(timer);
}
