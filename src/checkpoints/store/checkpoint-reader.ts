import { Injectable } from '@nestjs/common';
import { PartedJsonString } from '../../common/http/large-json.js';
import { Sql } from '../../database/sql.js';
import { ACCESS_UNVERIFIED, assumedChangedSql, assumedParams, assumesAnything, NOTHING_ASSUMED, type Assumed } from './assumed.js';
import type { ChannelMap } from './channel-map.js';
import { base64Sql, BLOBS, blobDataSql, CHECKPOINTS, WRITES } from './tables.js';

export type CheckpointRow = {
  id: string;
  workflow_id: string;
  thread_id?: string;
  thread_ts: string;
  parent_ts: string | null;
  checkpoint_ns: string;
  checkpoint: Buffer;
  metadata: Record<string, unknown>;
  channel_map: ChannelMap;
  created_at: Date;
};

/** A value as read: base64 of its bytes, which is how every reader sends or first decodes it. */
export type StoredValue = { type: string; base64: string | PartedJsonString };
export type StoredBlob = StoredValue & { channel: string };

export type StoredWrite = {
  id: string;
  workflow_id: string;
  checkpoint_ns: string;
  thread_ts: string;
  task: string;
  task_path: string;
  idx: number;
  channel: string;
  write_type: string;
  data: Buffer;
};

/** A checkpoint with everything a reader needs: header, resolved values, pending writes. */
export type LoadedCheckpoint = {
  row: CheckpointRow;
  header: Record<string, unknown>;
  blobs: StoredBlob[];
  writes: StoredWrite[];
  /** For checkpoints older than format 4: the parent's writes to the tasks channel. */
  pendingSends: StoredWrite[] | null;
};

/** One checkpoint to look up: the latest of a namespace when threadTs is absent. */
export type CheckpointKey = { workflowId: string; checkpointNs: string; threadTs?: string };

/** Which checkpoints a listing covers: one workflow, or all of one owner's workflows in a project. */
export type ListScope = { workflowId: string } | { projectId: string; userId: string };

export type ListConditions = {
  checkpointNs?: string;
  before?: string;
  /** With `before`, a keyset cursor: also the rows at `before` that the listing order puts after it. */
  beforePosition?: ListPosition;
  filter?: Record<string, unknown>;
};
/** Where a row sits among the rows that share its thread_ts (the listing's tie-breakers). */
export type ListPosition = { workflowId: string; checkpointNs: string };
export type ListQuery = ListConditions & { limit: number; offset?: number };

const TASKS_CHANNEL = '__pregel_tasks';
/** Values are read in parts of this many bytes (a multiple of 3: 1 MiB of base64 each). */
const BLOB_PART_BYTES = 24 * 1024;
/** A value with this much base64 or more is handed on in its parts (see blobsOf). */
const PARTED_FROM_CHARS = 2048;
const ROW_COLUMNS = 'c.id, c.workflow_id, c.thread_ts, c.parent_ts, c.checkpoint_ns, c.checkpoint, c.metadata, c.channel_map, c.created_at';
const WRITE_COLUMNS = 'w.id, w.workflow_id, w.checkpoint_ns, w.thread_ts, w.task, w.task_path, w.idx, w.channel, w.write_type, w.data';

/**
 * The rows of a lookup (parameters: workflow ids, namespaces, thread_ts or null for the latest;
 * then assumedParams): one row with `access_changed` and no checkpoint if an assumption no longer
 * holds, else one per checkpoint found, or a single row without one (ord NULL) if none is. The
 * branches' one-time filter keeps them from probing anything once the check has failed.
 */
const LOOKUP_SQL = `SELECT a.access_changed, r.*
  FROM (SELECT EXISTS (${assumedChangedSql(4)}) AS access_changed) a
  LEFT JOIN LATERAL (
    SELECT k.ord, c.* FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS k(workflow_id, ns, ts, ord)
    CROSS JOIN LATERAL (
      SELECT ${ROW_COLUMNS} FROM ${CHECKPOINTS} c
      WHERE c.workflow_id = k.workflow_id AND c.checkpoint_ns = k.ns AND c.thread_ts = k.ts) c
    WHERE k.ts IS NOT NULL AND NOT a.access_changed
    UNION ALL
    SELECT k.ord, c.* FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY AS k(workflow_id, ns, ts, ord)
    CROSS JOIN LATERAL (
      SELECT ${ROW_COLUMNS} FROM ${CHECKPOINTS} c
      WHERE c.workflow_id = k.workflow_id AND c.checkpoint_ns = k.ns ORDER BY c.thread_ts DESC LIMIT 1) c
    WHERE k.ts IS NULL AND NOT a.access_changed) r ON true`;

/**
 * Reads checkpoints: one indexed lookup for the header rows, then one query each for all their
 * values and all their pending writes, however many rows or channels there are.
 */
@Injectable()
export class CheckpointReader {
  constructor(private readonly sql: Sql) {}

  async latest(workflowId: string, checkpointNs: string): Promise<LoadedCheckpoint | undefined> {
    return this.one(
      `SELECT ${ROW_COLUMNS} FROM ${CHECKPOINTS} c WHERE c.workflow_id = $1 AND c.checkpoint_ns = $2 ORDER BY c.thread_ts DESC LIMIT 1`,
      [workflowId, checkpointNs],
    );
  }

  async byThreadTs(workflowId: string, checkpointNs: string, threadTs: string): Promise<LoadedCheckpoint | undefined> {
    return this.one(
      `SELECT ${ROW_COLUMNS} FROM ${CHECKPOINTS} c WHERE c.workflow_id = $1 AND c.checkpoint_ns = $2 AND c.thread_ts = $3`,
      [workflowId, checkpointNs, threadTs],
    );
  }

  async byId(workflowId: string, id: string): Promise<LoadedCheckpoint | undefined> {
    return this.one(`SELECT ${ROW_COLUMNS} FROM ${CHECKPOINTS} c WHERE c.workflow_id = $1 AND c.id = $2`, [workflowId, id]);
  }

  /**
   * Several checkpoints at once, each the latest of its namespace or the one with its thread_ts:
   * one statement for the rows (an index probe per key) and the usual two for values and writes.
   * The result is in the order of `keys`, undefined where there is no such checkpoint.
   *
   * What the request took from memory (`assumed`: grants, the caller) is checked first, in the rows
   * statement's snapshot: if it no longer holds, nothing is read and the answer is
   * ACCESS_UNVERIFIED — authenticate and ask the policy afresh (decision 0019). So it is with no
   * keys and something assumed: an answer is only given on what this request read.
   */
  async lookup(keys: CheckpointKey[], assumed: Assumed = NOTHING_ASSUMED): Promise<(LoadedCheckpoint | undefined)[] | typeof ACCESS_UNVERIFIED> {
    if (keys.length === 0) return assumesAnything(assumed) ? ACCESS_UNVERIFIED : [];
    const columns = (of: (key: CheckpointKey) => unknown) => keys.map(of);
    const rows: (CheckpointRow & { ord: string | null; access_changed: boolean })[] = await this.sql.query(LOOKUP_SQL, [
      columns((key) => key.workflowId),
      columns((key) => key.checkpointNs),
      columns((key) => key.threadTs ?? null),
      ...assumedParams(assumed),
    ]);
    if (rows[0].access_changed) return ACCESS_UNVERIFIED;
    const found = rows.filter((row) => row.ord !== null);
    const loaded = await this.load(found);
    const byKey = new Map(found.map((row, i) => [Number(row.ord) - 1, loaded[i]]));
    return keys.map((_, i) => byKey.get(i));
  }

  /** A page of checkpoints, newest thread_ts first; `limit` rows at most. */
  async list(scope: ListScope, query: ListQuery): Promise<LoadedCheckpoint[]> {
    const { where, params } = listConditions(scope, query);
    params.push(query.limit, query.offset ?? 0);
    const rows: CheckpointRow[] = await this.sql.query(
      `SELECT ${ROW_COLUMNS}, w.thread_id FROM ${CHECKPOINTS} c
       JOIN duo_workflows_workflows w ON w.id = c.workflow_id
       WHERE ${where.join(' AND ')}
       ORDER BY c.thread_ts DESC, c.checkpoint_ns DESC, c.workflow_id DESC
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return this.load(rows);
  }

  /** How many checkpoints the listing covers, counting no further than `cap` (totals stay cheap). */
  async count(scope: ListScope, query: ListConditions, cap: number): Promise<number> {
    const { where, params } = listConditions(scope, query);
    params.push(cap);
    const [{ total }]: { total: string }[] = await this.sql.query(
      `SELECT count(*) AS total FROM (SELECT 1 FROM ${CHECKPOINTS} c WHERE ${where.join(' AND ')} LIMIT $${params.length}) capped`,
      params,
    );
    return Number(total);
  }

  private async one(sql: string, params: unknown[]): Promise<LoadedCheckpoint | undefined> {
    const rows: CheckpointRow[] = await this.sql.query(sql, params);
    return (await this.load(rows))[0];
  }

  private async load(rows: CheckpointRow[]): Promise<LoadedCheckpoint[]> {
    if (rows.length === 0) return [];
    const headers = rows.map((row) => JSON.parse(row.checkpoint.toString('utf8')) as Record<string, unknown>);
    const migrating = rows.filter((row, i) => Number(headers[i].v ?? 4) < 4 && row.parent_ts !== null);
    const [blobs, writes, sends] = await Promise.all([
      this.blobsOf(rows),
      this.writesOf(rows.map((row) => [row.workflow_id, row.checkpoint_ns, row.thread_ts])),
      migrating.length > 0
        ? this.writesOf(migrating.map((row) => [row.workflow_id, row.checkpoint_ns, row.parent_ts!]), TASKS_CHANNEL)
        : Promise.resolve([]),
    ]);
    return rows.map((row, i) => ({
      row: { ...row, id: String(row.id), workflow_id: String(row.workflow_id) },
      header: headers[i],
      blobs: Object.entries(row.channel_map)
        .filter(([, id]) => blobs.has(id))
        .map(([channel, id]) => ({ channel, ...blobs.get(id)! })),
      writes: writes.filter((w) => sameKey(w, row.workflow_id, row.checkpoint_ns, row.thread_ts)),
      pendingSends: migrating.includes(row) ? sends.filter((w) => sameKey(w, row.workflow_id, row.checkpoint_ns, row.parent_ts!)) : null,
    }));
  }

  private async blobsOf(rows: CheckpointRow[]): Promise<Map<string, StoredValue>> {
    const ids = [...new Set(rows.flatMap((row) => Object.values(row.channel_map)))];
    if (ids.length === 0) return new Map();
    // Per workflow, so that both key columns are index conditions: with `workflow_id = ANY(…)` the
    // planner may probe the workflow alone and filter all of its values, as slow as the thread is long.
    const workflows = [...new Set(rows.map((row) => String(row.workflow_id)))];
    // Values come as base64 text, what the API sends: as bytea, pg received twice their size in hex
    // text and decoded it, and the serializer encoded it again. And they come in parts of
    // BLOB_PART_BYTES (a multiple of 3, so the parts' base64 join up): pg gathers each row in one
    // buffer that doubles as it fills, which for a 20 MiB value held ~60 MiB more than the value.
    const parts: { id: string; type: string; base64: string }[] = await this.sql.query(
      `WITH v AS MATERIALIZED (
         SELECT b.id, b.type, ${blobDataSql('b')} AS data
         FROM unnest($1::bigint[]) AS k(workflow_id)
         CROSS JOIN LATERAL (SELECT * FROM ${BLOBS} x WHERE x.workflow_id = k.workflow_id AND x.id = ANY($2::bigint[])) b)
       SELECT v.id, v.type, ${base64Sql(`substring(v.data FROM p.n * ${BLOB_PART_BYTES} + 1 FOR ${BLOB_PART_BYTES})`)} AS base64
       FROM v CROSS JOIN LATERAL generate_series(0, greatest(octet_length(v.data) - 1, 0) / ${BLOB_PART_BYTES}) AS p(n)
       ORDER BY v.id, p.n`,
      [workflows, ids],
    );
    return valuesFromParts(parts);
  }

  private async writesOf(keys: [string, string, string][], channel?: string): Promise<StoredWrite[]> {
    const params: unknown[] = [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])];
    if (channel) params.push(channel);
    const rows: StoredWrite[] = await this.sql.query(
      // LATERAL: one index probe per checkpoint, whatever the planner guesses about the keys.
      `SELECT ${WRITE_COLUMNS}
       FROM (SELECT DISTINCT * FROM unnest($1::bigint[], $2::text[], $3::text[])) AS k(workflow_id, ns, ts)
       CROSS JOIN LATERAL (
         SELECT * FROM ${WRITES} x WHERE x.workflow_id = k.workflow_id AND x.checkpoint_ns = k.ns AND x.thread_ts = k.ts
         ${channel ? 'AND x.channel = $4' : ''}) w
       ORDER BY w.task_path, w.task, w.idx`,
      params,
    );
    return rows.map((w) => ({ ...w, id: String(w.id), workflow_id: String(w.workflow_id) }));
  }
}

function sameKey(write: StoredWrite, workflowId: string, checkpointNs: string, threadTs: string): boolean {
  return write.workflow_id === String(workflowId) && write.checkpoint_ns === checkpointNs && write.thread_ts === threadTs;
}

/**
 * Each value from its parts (in order). A value stays in its parts all the way to the response
 * (see PartedJsonString): the response's text then holds only the small fields and never becomes a
 * string of hundreds of KiB, which V8 would put in its old generation, freed by full collections only.
 */
function valuesFromParts(parts: { id: string; type: string; base64: string }[]): Map<string, StoredValue> {
  const byId = new Map<string, { type: string; parts: string[] }>();
  for (const part of parts) {
    const id = String(part.id);
    const value = byId.get(id) ?? byId.set(id, { type: part.type, parts: [] }).get(id)!;
    value.parts.push(part.base64);
  }
  const values = new Map<string, StoredValue>();
  for (const [id, { type, parts: own }] of byId) {
    const chars = own.reduce((sum, part) => sum + part.length, 0);
    values.set(id, { type, base64: chars >= PARTED_FROM_CHARS ? new PartedJsonString(own) : own.join('') });
  }
  return values;
}

function listConditions(scope: ListScope, query: ListConditions): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const add = (condition: (placeholder: string) => string, value: unknown) => where.push(condition(param(value)));
  if ('workflowId' in scope) {
    add((p) => `c.workflow_id = ${p}`, scope.workflowId);
  } else {
    add((p) => `c.project_id = ${p}`, scope.projectId);
    add((p) => `c.user_id = ${p}`, scope.userId);
  }
  if (query.checkpointNs !== undefined) add((p) => `c.checkpoint_ns = ${p}`, query.checkpointNs);
  if (query.before !== undefined) where.push(olderThan(query.before, query.beforePosition, param));
  if (query.filter !== undefined) add((p) => `c.metadata @> ${p}::jsonb`, JSON.stringify(query.filter));
  return { where, params };
}

/**
 * Rows strictly older than `before` or, from a keyset cursor, after the cursor's row in the listing
 * order (thread_ts, checkpoint_ns, workflow_id, all descending): a bare thread_ts would skip the rows
 * that share it on the next page. The redundant `<=` lets the index range scan start at the cursor.
 */
function olderThan(before: string, position: ListPosition | undefined, param: (value: unknown) => string): string {
  const ts = param(before);
  if (!position) return `c.thread_ts < ${ts}`;
  const tieBreak = `(c.checkpoint_ns, c.workflow_id) < (${param(position.checkpointNs)}, ${param(position.workflowId)}::bigint)`;
  return `c.thread_ts <= ${ts} AND (c.thread_ts < ${ts} OR ${tieBreak})`;
}
