import type { Sql } from '../../database/sql.js';
import type { ChannelMap, ParentChannels } from './channel-map.js';
import { BLOBS, CHECKPOINTS, ELEMENTS } from './tables.js';

/**
 * What a new checkpoint needs of its parent: versions and resolved map, the content hash of each
 * value, the size of each value stored as a list (what an extension appends to), the parent's own
 * content hash (the write checks the parent is still that checkpoint), and — when the new
 * checkpoint carries whole lists — the ids of all those elements by content hash.
 */
export type Parent = ParentChannels & {
  contentHash: Buffer;
  hashes: Record<string, string>;
  /** Value id → its size read back whole, for each value stored as list elements. */
  listBytes: Record<string, number>;
  elements: Map<string, string>;
};

/** `elementsByHash`: whether to look up the ids of the parent's elements by hash (for whole lists). See Parent. */
export type ParentKey = { workflowId: string; checkpointNs: string; parentTs: string; elementsByHash: boolean };

type ParentRow = {
  ord: string;
  checkpoint: Buffer;
  channel_map: ChannelMap;
  content_hash: Buffer;
  hashes: Record<string, string> | null;
  list_bytes: Record<string, number> | null;
  elements: Record<string, string> | null;
};

/**
 * The parents of several checkpoints in one statement: each parent's versions and resolved map,
 * the content hash and size of each value it references and, where asked, the ids of the list
 * elements those values hold, by content hash. In the order of `keys`; undefined where the parent
 * is not stored.
 *
 * Finding the element ids by hash is most of the statement's work (one probe per element of
 * every list the parent holds), so it is done only for the keys that ask for it.
 *
 * Every lookup is written as an index probe by key (LATERAL, `= ANY(ARRAY(…))`): with `IN (SELECT
 * …)` or a plain join the planner scanned every value or element of the workflow, so a put got
 * slower the longer its thread.
 */
export async function loadParents(sql: Sql, keys: ParentKey[]): Promise<(Parent | undefined)[]> {
  if (keys.length === 0) return [];
  const rows: ParentRow[] = await sql.query(
    `WITH parent AS (
       SELECT k.ord, k.by_hash, c.workflow_id, c.checkpoint, c.channel_map, c.content_hash
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS k(workflow_id, ns, ts, by_hash, ord)
       CROSS JOIN LATERAL (
         SELECT * FROM ${CHECKPOINTS} x WHERE x.workflow_id = k.workflow_id AND x.checkpoint_ns = k.ns AND x.thread_ts = k.ts) c),
     parent_values AS (
       SELECT p.ord, b.id, b.content_hash, b.elements, b.data_bytes FROM parent p
       CROSS JOIN LATERAL (
         SELECT * FROM ${BLOBS} x
         WHERE x.workflow_id = p.workflow_id AND x.id = ANY(ARRAY(SELECT value::bigint FROM jsonb_each_text(p.channel_map)))) b)
     SELECT p.ord, p.checkpoint, p.channel_map, p.content_hash,
       (SELECT jsonb_object_agg(v.id::text, encode(v.content_hash, 'hex')) FROM parent_values v WHERE v.ord = p.ord) AS hashes,
       (SELECT jsonb_object_agg(v.id::text, v.data_bytes)
        FROM parent_values v WHERE v.ord = p.ord AND v.elements IS NOT NULL AND v.data_bytes IS NOT NULL) AS list_bytes,
       CASE WHEN p.by_hash THEN
         (SELECT jsonb_object_agg(encode(e.content_hash, 'hex'), e.id::text) FROM ${ELEMENTS} e
          WHERE e.workflow_id = p.workflow_id
            AND e.id = ANY(ARRAY(SELECT unnest(v.elements) FROM parent_values v WHERE v.ord = p.ord))) END AS elements
     FROM parent p`,
    [keys.map((key) => key.workflowId), keys.map((key) => key.checkpointNs), keys.map((key) => key.parentTs),
      keys.map((key) => key.elementsByHash)],
  );
  const byOrder = new Map(rows.map((row) => [Number(row.ord) - 1, toParent(row)]));
  return keys.map((_, i) => byOrder.get(i));
}

function toParent(row: ParentRow): Parent {
  const header = JSON.parse(row.checkpoint.toString('utf8')) as { channel_versions?: Record<string, unknown> };
  return {
    versions: header.channel_versions ?? {},
    map: row.channel_map,
    contentHash: row.content_hash,
    hashes: row.hashes ?? {},
    listBytes: row.list_bytes ?? {},
    elements: new Map(Object.entries(row.elements ?? {})),
  };
}
