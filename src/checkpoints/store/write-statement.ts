import { versionKey } from './channel-blob.js';
import type { ChannelMap } from './channel-map.js';
import type { NewValue } from './carried-values.js';
import type { CheckpointInput } from './checkpoint-input.js';
import { assumedChangedSql, assumedParams, type Assumed } from './assumed.js';
import { elementParams, elementUpsertCtes, type NewElement, type StoredForm } from './element-store.js';
import { BLOBS, CHECKPOINTS, type WorkflowKey } from './tables.js';

/** One checkpoint as the write statement takes it: its values, and its map without their ids. */
export type CheckpointRow = {
  workflow: WorkflowKey;
  input: CheckpointInput;
  values: { blob: NewValue; form: StoredForm; mapped: boolean }[];
  /** The resolved channel map but for the values written here, whose ids the statement adds. */
  map: ChannelMap;
  /** The content hash of the parent this checkpoint was built on, which must still be stored. */
  parentHash: Buffer | null;
};

/** A header written (its channel map complete), or — `changed` — a row saying nothing was, and why. */
export type WrittenRow =
  | { changed: null; workflow_id: string; id: string; thread_ts: string; parent_ts: string | null; checkpoint_ns: string; channel_map: ChannelMap; inserted: boolean }
  | { changed: 'access' | 'parent' };

/**
 * Writes checkpoints in one statement: their new list elements, their new values (lists as element
 * ids, an element inserted here referenced as -k, an extension after its base value's elements),
 * and their headers, each channel map completed with the ids of the values written here
 * (`mapped`). One statement is one round trip and one commit, and all of it or nothing is stored.
 *
 * What the checkpoints were built on is checked in the statement's own snapshot: each parent must
 * still be stored with the content hash it was read (or remembered) with, and each extension's base
 * must be a list. If one is not, no value or header is written and the statement answers with a
 * row `changed: 'parent'` (the new elements stay: they are content-addressed, and a retry finds
 * them). What the request took from memory (`assumed`: write grants, the caller's identity) is
 * checked the same way, before anything: if it changed, nothing at all is written (`'access'`).
 *
 * Elements and values are upserted (a no-op update when they exist) so that each returns its id
 * whether it was inserted now, before, or by a concurrent write this statement waited for; rows
 * that exist already are rare (a retry, a fork writing a value again). The header is replaced only
 * when its content differs: an identical re-send changes nothing, and returns no row.
 *
 * The parents and bases are read by key, one index probe each (LATERAL subqueries the planner
 * cannot turn into joins): a connection plans this statement once (sql.ts), often while the tables
 * are nearly empty, and a join planned then scans the whole table at every write ever after.
 *
 * `inserted`: a new row's created_at is this statement's now(); a replaced row keeps its own (xmax,
 * the usual test, cannot be read from a partitioned table).
 */
export const WRITE_CHECKPOINTS_SQL = `
  WITH access_changed AS (${assumedChangedSql(32)}),
  ${elementUpsertCtes('SELECT 1 FROM access_changed')},
  element_ids AS (
    SELECT n.ord, e.id FROM new_elements n JOIN element_rows e ON e.workflow_id = n.workflow_id AND e.content_hash = n.hash),
  new_values AS (
    SELECT * FROM unnest($6::int[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[], $13::bytea[], $14::text[], $15::boolean[], $16::bigint[], $17::bigint[])
      WITH ORDINALITY AS v(item, workflow_id, ns, channel, version, type, hash, data, elements, mapped, bytes, base, ord)),
  base_lists AS (
    SELECT v.ord, x.elements FROM new_values v
    CROSS JOIN LATERAL (
      SELECT b.elements FROM ${BLOBS} b WHERE (b.workflow_id, b.id) = (v.workflow_id, v.base) LIMIT 1) x
    WHERE v.base IS NOT NULL AND x.elements IS NOT NULL),
  changed AS (
    SELECT 1 FROM unnest($28::bigint[], $29::text[], $30::text[], $31::bytea[]) AS k(workflow_id, ns, ts, hash)
    CROSS JOIN LATERAL (
      SELECT count(*) AS found FROM ${CHECKPOINTS} c
      WHERE c.workflow_id = k.workflow_id AND c.checkpoint_ns = k.ns AND c.thread_ts = k.ts AND c.content_hash = k.hash) p
    WHERE p.found = 0
    UNION ALL
    SELECT 1 FROM new_values v WHERE v.base IS NOT NULL AND NOT EXISTS (SELECT 1 FROM base_lists b WHERE b.ord = v.ord)),
  value_elements AS (
    SELECT r.value, array_agg(CASE WHEN r.ref < 0 THEN i.id ELSE r.ref END ORDER BY r.n) AS ids
    FROM (SELECT v.ord AS value, u.ref::bigint AS ref, u.n FROM new_values v, unnest(string_to_array(v.elements, ',')) WITH ORDINALITY AS u(ref, n)) r
    LEFT JOIN element_ids i ON i.ord = -r.ref
    GROUP BY r.value),
  value_rows AS (
    INSERT INTO ${BLOBS} AS b (workflow_id, checkpoint_ns, channel, version, type, content_hash, data, elements, data_bytes)
    SELECT v.workflow_id, v.ns, v.channel, v.version, v.type, v.hash, v.data,
      CASE WHEN v.base IS NULL THEN e.ids ELSE b.elements || coalesce(e.ids, '{}') END, v.bytes
    FROM new_values v LEFT JOIN value_elements e ON e.value = v.ord LEFT JOIN base_lists b ON b.ord = v.ord
    WHERE NOT EXISTS (SELECT 1 FROM changed) AND NOT EXISTS (SELECT 1 FROM access_changed)
    ORDER BY v.ord
    ON CONFLICT (workflow_id, checkpoint_ns, channel, version, content_hash) DO UPDATE SET type = EXCLUDED.type
    RETURNING workflow_id, checkpoint_ns, channel, version, content_hash, id),
  value_ids AS (
    SELECT v.item, jsonb_object_agg(v.channel, r.id::text) AS map
    FROM new_values v
    JOIN value_rows r ON (r.workflow_id, r.checkpoint_ns, r.channel, r.version, r.content_hash) = (v.workflow_id, v.ns, v.channel, v.version, v.hash)
    WHERE v.mapped
    GROUP BY v.item),
  header_rows AS (
    INSERT INTO ${CHECKPOINTS} AS c
      (workflow_id, project_id, user_id, checkpoint_ns, thread_ts, parent_ts, checkpoint, metadata, channel_map, content_hash)
    SELECT h.workflow_id, h.project_id, h.user_id, h.ns, h.ts, h.parent_ts, h.checkpoint, h.metadata::jsonb,
      h.channel_map::jsonb || coalesce(i.map, '{}'::jsonb), h.hash
    FROM unnest($18::bigint[], $19::bigint[], $20::bigint[], $21::text[], $22::text[], $23::text[], $24::bytea[], $25::text[], $26::text[], $27::bytea[])
      WITH ORDINALITY AS h(workflow_id, project_id, user_id, ns, ts, parent_ts, checkpoint, metadata, channel_map, hash, item)
    LEFT JOIN value_ids i ON i.item = h.item
    WHERE NOT EXISTS (SELECT 1 FROM changed) AND NOT EXISTS (SELECT 1 FROM access_changed)
    ON CONFLICT (workflow_id, checkpoint_ns, thread_ts) DO UPDATE SET
      parent_ts = EXCLUDED.parent_ts, checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata,
      channel_map = EXCLUDED.channel_map, content_hash = EXCLUDED.content_hash
    WHERE c.content_hash <> EXCLUDED.content_hash
    RETURNING workflow_id, id, thread_ts, parent_ts, checkpoint_ns, channel_map, (c.created_at = now()) AS inserted)
  SELECT NULL AS changed, * FROM header_rows
  UNION ALL
  SELECT 'access', NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM (SELECT 1 FROM access_changed LIMIT 1) AS any_access
  UNION ALL
  SELECT 'parent', NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM (SELECT 1 FROM changed LIMIT 1) AS any_parent`;

/** The parameters of WRITE_CHECKPOINTS_SQL: the new elements, then one row per value, per checkpoint, per parent, then what was assumed. */
export function writeCheckpointsParams(elements: NewElement[], checkpoints: CheckpointRow[], assumed: Assumed): unknown[] {
  const values = checkpoints.flatMap(({ workflow, input, values }, i) => values.map((value) => ({ item: i + 1, workflow, input, ...value })));
  const valueColumn = <T>(of: (value: (typeof values)[number]) => T) => values.map(of);
  const column = <T>(of: (checkpoint: CheckpointRow) => T) => checkpoints.map(of);
  return [
    ...elementParams(elements),
    valueColumn(({ item }) => item),
    valueColumn(({ workflow }) => workflow.id),
    valueColumn(({ input }) => input.checkpointNs),
    valueColumn(({ blob }) => blob.channel),
    valueColumn(({ blob }) => versionKey(blob.version)),
    valueColumn(({ blob }) => blob.type),
    valueColumn(({ blob }) => blob.hash),
    valueColumn(({ form }) => form.data),
    // Element lists differ in length, so each travels as text and is cut up in SQL.
    valueColumn(({ form }) => form.elements?.join(',') ?? null),
    valueColumn(({ mapped }) => mapped),
    valueColumn(({ blob }) => blob.bytes),
    valueColumn(({ form }) => form.base),
    column(({ workflow }) => workflow.id),
    column(({ workflow }) => workflow.projectId),
    column(({ workflow }) => workflow.userId),
    column(({ input }) => input.checkpointNs),
    column(({ input }) => input.threadTs),
    column(({ input }) => input.parentTs),
    column(({ input }) => Buffer.from(input.headerJson, 'utf8')),
    column(({ input }) => input.metadataJson),
    column(({ map }) => JSON.stringify(map)),
    column(({ input }) => input.contentHash),
    ...parentColumns(checkpoints.filter((checkpoint) => checkpoint.parentHash !== null)),
    ...assumedParams(assumed),
  ];
}

function parentColumns(children: CheckpointRow[]): unknown[] {
  return [
    children.map(({ workflow }) => workflow.id),
    children.map(({ input }) => input.checkpointNs),
    children.map(({ input }) => input.parentTs),
    children.map(({ parentHash }) => parentHash),
  ];
}
