import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import pg from 'pg';
import type { BenchDatabase } from '../db/bench-database.js';
import { POOL_SIZE, type Contender } from './contender.js';
import { RawPgSaver } from './raw-pg-saver.js';

function pool(url: string, name: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: POOL_SIZE, application_name: `duo-bench-${name}` });
}

/** Raw pg in a fresh schema bench_raw. */
export async function startRawPg(db: BenchDatabase, url: string): Promise<Contender> {
  const schema = 'bench_raw';
  await db.resetSchema(schema);
  const connections = pool(url, 'raw');
  const saver = await RawPgSaver.create(connections, schema);
  return { name: 'raw', saver, schema, checkpointTable: 'checkpoints', keying: { kind: 'thread_id' }, close: () => connections.end() };
}

/** LangGraph's PostgresSaver, in this process, set up (its own migrations) in a fresh schema bench_postgres_saver. */
export async function startPostgresSaver(db: BenchDatabase, url: string): Promise<Contender> {
  const schema = 'bench_postgres_saver';
  await db.resetSchema(schema);
  const connections = pool(url, 'postgres-saver');
  const saver = new PostgresSaver(connections, undefined, { schema });
  await saver.setup();
  return { name: 'postgresSaver', saver, schema, checkpointTable: 'checkpoints', keying: { kind: 'thread_id' }, close: () => connections.end() };
}
