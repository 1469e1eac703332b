import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockEmbeddedDirectory } from './embedded-lock.js';

export type EmbeddedPostgres = { url: string; stop(): Promise<void> };

/**
 * PGlite (PostgreSQL in WASM) served on a free loopback port inside this process, so the app keeps
 * one code path (`pg` over TCP) for both modes. PGlite is a single connection: the socket server
 * queues queries and keeps a transaction on the connection that opened it, and the pool is one.
 * `memory://` keeps nothing on disk (tests); anything else is a directory under DATA_DIR. Tests that
 * run two replicas allow one connection each (`maxConnections`); queries still run one at a time.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections = 1): Promise<EmbeddedPostgres> {
  const location = dataDir === 'memory://' ? 'memory://' : pgliteDirectory(dataDir);
  const unlock = location === 'memory://' ? () => {} : lockEmbeddedDirectory(location);
  try {
    const db = await PGlite.create(location);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    return {
      url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
      async stop() {
        await server.stop();
        await db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

function pgliteDirectory(dataDir: string): string {
  const directory = join(resolve(dataDir), 'pglite');
  mkdirSync(directory, { recursive: true });
  return directory;
}
