import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
} from '@langchain/langgraph-checkpoint';
import type pg from 'pg';
import { ident } from '../db/bench-database.js';

type Row = { thread_id: string; checkpoint_ns: string; checkpoint_id: string; parent_checkpoint_id: string | null; type: string; checkpoint: Buffer; metadata: CheckpointMetadata };

const COLUMNS = 'thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata';

/**
 * The ceiling: the whole checkpoint (values included) serialized once into one row, one INSERT
 * per put and one indexed SELECT per read, no pending writes, no blob table. Same serializer as
 * the other contenders, so the difference is storage work, not encoding. Only what the bench calls.
 */
export class RawPgSaver extends BaseCheckpointSaver {
  private readonly table: string;

  private constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    super();
    this.table = `${ident(schema)}.checkpoints`;
  }

  static async create(pool: pg.Pool, schema: string): Promise<RawPgSaver> {
    const saver = new RawPgSaver(pool, schema);
    // "C" collation: checkpoint ids (uuid6) order by their bytes, as LangGraph compares them.
    await pool.query(`CREATE TABLE ${saver.table} (
      thread_id text COLLATE "C" NOT NULL,
      checkpoint_ns text COLLATE "C" NOT NULL DEFAULT '',
      checkpoint_id text COLLATE "C" NOT NULL,
      parent_checkpoint_id text COLLATE "C",
      type text NOT NULL,
      checkpoint bytea NOT NULL,
      metadata jsonb NOT NULL,
      PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id))`);
    return saver;
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): Promise<RunnableConfig> {
    const { thread_id: threadId, checkpoint_ns: ns = '', checkpoint_id: parentId } = config.configurable ?? {};
    const [type, bytes] = await this.serde.dumpsTyped(checkpoint);
    await this.pool.query(`INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      threadId,
      ns,
      checkpoint.id,
      parentId ?? null,
      type,
      bytes,
      JSON.stringify(metadata),
    ]);
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { thread_id: threadId, checkpoint_ns: ns = '', checkpoint_id: id } = config.configurable ?? {};
    const { rows } = id
      ? await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = $3`, [threadId, ns, id])
      : await this.pool.query<Row>(
          `SELECT ${COLUMNS} FROM ${this.table} WHERE thread_id = $1 AND checkpoint_ns = $2 ORDER BY checkpoint_id DESC LIMIT 1`,
          [threadId, ns],
        );
    return rows[0] && this.toTuple(rows[0]);
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { thread_id: threadId, checkpoint_ns: ns = '' } = config.configurable ?? {};
    if (threadId === undefined || options.filter !== undefined) throw new Error('RawPgSaver lists one thread, unfiltered');
    const before = options.before?.configurable?.checkpoint_id ?? null;
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE thread_id = $1 AND checkpoint_ns = $2 AND ($3::text IS NULL OR checkpoint_id < $3)
       ORDER BY checkpoint_id DESC LIMIT $4`,
      [threadId, ns, before, options.limit ?? null],
    );
    for (const row of rows) yield await this.toTuple(row);
  }

  putWrites(): Promise<void> {
    throw new Error('RawPgSaver stores no pending writes (the bench never sends any)');
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE thread_id = $1`, [threadId]);
  }

  private async toTuple(row: Row): Promise<CheckpointTuple> {
    const configurable = { thread_id: row.thread_id, checkpoint_ns: row.checkpoint_ns };
    return {
      config: { configurable: { ...configurable, checkpoint_id: row.checkpoint_id } },
      checkpoint: (await this.serde.loadsTyped(row.type, row.checkpoint)) as Checkpoint,
      metadata: row.metadata,
      parentConfig: row.parent_checkpoint_id ? { configurable: { ...configurable, checkpoint_id: row.parent_checkpoint_id } } : undefined,
      pendingWrites: [],
    };
  }
}
