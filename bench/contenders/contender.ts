import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import type { ThreadKeying } from '../db/clone-threads.js';

export const CONTENDERS = ['raw', 'postgresSaver', 'service'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export const LABELS: Record<ContenderName, string> = { raw: 'raw pg', postgresSaver: 'PostgresSaver', service: 'service' };

/** Every contender talks to PostgreSQL through a pool of this size (the service's DB_POOL_SIZE default). */
export const POOL_SIZE = 10;

export type ProcessMemory = { rssMiB: number; peakRssMiB: number };

/** One way of persisting checkpoints, behind LangGraph's own checkpointer interface. */
export interface Contender {
  readonly name: ContenderName;
  readonly saver: BaseCheckpointSaver;
  /** Its schema, created afresh for the run: every table in it counts as what it stores. */
  readonly schema: string;
  /** Its table with one row per checkpoint (the "rows in the table" of the million-row test). */
  readonly checkpointTable: string;
  readonly keying: ThreadKeying;
  /** The memory of the process that serves it, when that is a process of its own. */
  memory?(): ProcessMemory;
  close(): Promise<void>;
}
