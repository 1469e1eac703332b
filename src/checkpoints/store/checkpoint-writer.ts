import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql.js';
import { versionKey } from './channel-blob.js';
import { sortCarriedValues, type NewValue } from './carried-values.js';
import { resolveChannelMap, type ChannelMap } from './channel-map.js';
import type { CheckpointInput } from './checkpoint-input.js';
import { splitsIntoElements, storeElements } from './element-store.js';
import { loadParents, type Parent } from './parent-lookup.js';
import { BLOBS, CHECKPOINTS, type WorkflowKey } from './tables.js';

export type SavedCheckpoint = { id: string; thread_ts: string; parent_ts: string | null; checkpoint_ns: string };
export type SaveResult = { checkpoint: SavedCheckpoint; created: boolean };
/** A checkpoint not written: its extension does not fit the parent as stored (see sortCarriedValues). */
export type SaveConflict = { conflict: string };
/** One checkpoint to write, into a workflow the caller may write. */
export type CheckpointToSave = { workflow: WorkflowKey; input: CheckpointInput };

/** A value to insert, with the checkpoint it belongs to. */
type BlobRow = { item: number; workflowId: string; checkpointNs: string; blob: NewValue; data: Buffer | null; elements: string[] | null };

/**
 * Writes checkpoints: their values go to the blob table (once per channel, version and content;
 * JSON arrays as ids of elements stored once), each resolved channel map is computed from its
 * parent's, and the header row is upserted on (workflow, namespace, thread_ts) as LangGraph's
 * savers do. No transaction is needed: values and elements are content-addressed and idempotent,
 * and the header upsert — one statement — is the moment a checkpoint exists. A write that dies
 * halfway leaves only unreferenced values, which go with their workflow.
 *
 * Several checkpoints of different threads are written together, with the same statements as one:
 * their parents, elements, values and headers each take one statement for all of them.
 */
@Injectable()
export class CheckpointWriter {
  constructor(private readonly sql: Sql) {}

  async save(workflow: WorkflowKey, input: CheckpointInput): Promise<SaveResult | SaveConflict> {
    return (await this.saveMany([{ workflow, input }]))[0];
  }

  /**
   * Writes checkpoints no two of which share a workflow and namespace (a checkpoint's parent must
   * be stored before it is looked up); results in the same order. A checkpoint whose extension
   * does not fit its parent is not written and answers a conflict; the others are written.
   */
  async saveMany(items: CheckpointToSave[]): Promise<(SaveResult | SaveConflict)[]> {
    const parents = await this.parentsOf(items);
    const sorted = items.map(({ input }, i) => sortCarriedValues(input.blobs, parents[i]));
    const writable = items.flatMap((item, i) => {
      const values = sorted[i];
      return 'conflict' in values ? [] : [{ item, parent: parents[i], ...values }];
    });
    const saved = writable.length > 0 ? await this.write(writable) : [];
    const results = new Map(writable.map(({ item }, i) => [item, saved[i]]));
    return items.map((item, i) => results.get(item) ?? (sorted[i] as SaveConflict));
  }

  private async write(checkpoints: { item: CheckpointToSave; parent: Parent | undefined; inherited: ChannelMap; fresh: NewValue[] }[]): Promise<SaveResult[]> {
    const items = checkpoints.map(({ item }) => item);
    const parents = checkpoints.map(({ parent }) => parent);
    const stored = await this.storeBlobs(items, checkpoints.map(({ fresh }) => fresh), parents);
    const maps = await Promise.all(
      checkpoints.map(async ({ item, parent, inherited }, i) => {
        const { map, unresolved } = resolveChannelMap(item.input.channelVersions, { ...inherited, ...stored[i] }, parent);
        // Without a known parent, fall back to what LangGraph's own savers do: the value stored for
        // that channel at that version in this thread.
        if (!parent && unresolved.length > 0) Object.assign(map, await this.latestAtVersions(item.workflow.id, item.input, unresolved));
        return map;
      }),
    );
    return this.upsertHeaders(items, maps);
  }

  private async parentsOf(items: CheckpointToSave[]): Promise<(Parent | undefined)[]> {
    const withParent = items.filter(({ input }) => input.parentTs !== null);
    const found = await loadParents(
      this.sql,
      withParent.map(({ workflow, input }) => ({
        workflowId: workflow.id,
        checkpointNs: input.checkpointNs,
        parentTs: input.parentTs!,
        elementsByHash: input.blobs.some((blob) => blob.baseHash === undefined && splitsIntoElements(blob)),
        valueElements: input.blobs.some((blob) => blob.baseHash !== undefined),
      })),
    );
    const byItem = new Map(withParent.map((item, i) => [item, found[i]]));
    return items.map((item) => byItem.get(item));
  }

  /** Inserts the values not stored yet; returns each checkpoint's blob id per channel. One statement, two when some existed. */
  private async storeBlobs(items: CheckpointToSave[], fresh: NewValue[][], parents: (Parent | undefined)[]): Promise<ChannelMap[]> {
    const ids: ChannelMap[] = items.map(() => ({}));
    if (fresh.every((blobs) => blobs.length === 0)) return ids;
    const forms = await storeElements(
      this.sql,
      items.map(({ workflow }, i) => ({ workflowId: workflow.id, blobs: fresh[i], known: parents[i]?.elements })),
    );
    const rows: BlobRow[] = items.flatMap(({ workflow, input }, item) =>
      fresh[item].map((blob, j) => ({ item, workflowId: workflow.id, checkpointNs: input.checkpointNs, blob, ...forms[item][j] })),
    );
    const owner = new Map(rows.map((row) => [blobKey(row.workflowId, row.checkpointNs, row.blob.channel), row.item]));
    const remember = (found: { workflow_id: string; checkpoint_ns: string; channel: string; id: string }[]) => {
      for (const row of found) ids[owner.get(blobKey(String(row.workflow_id), row.checkpoint_ns, row.channel))!][row.channel] = String(row.id);
    };
    remember(
      await this.sql.query(
        `INSERT INTO ${BLOBS} (workflow_id, checkpoint_ns, channel, version, type, content_hash, data, elements)
         SELECT v.workflow_id, v.ns, v.channel, v.version, v.type, v.hash, v.data, string_to_array(v.elements, ',')::bigint[]
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::text[])
           AS v(workflow_id, ns, channel, version, type, hash, data, elements)
         ON CONFLICT (workflow_id, checkpoint_ns, channel, version, content_hash) DO NOTHING
         RETURNING workflow_id, checkpoint_ns, channel, id`,
        [
          rows.map((row) => row.workflowId),
          rows.map((row) => row.checkpointNs),
          rows.map((row) => row.blob.channel),
          rows.map((row) => versionKey(row.blob.version)),
          rows.map((row) => row.blob.type),
          rows.map((row) => row.blob.hash),
          rows.map((row) => row.data),
          // Element id lists differ in length, so each travels as text and becomes bigint[] in SQL.
          rows.map((row) => row.elements?.join(',') ?? null),
        ],
      ),
    );
    // Values that were already stored (a retry, or a concurrent identical write).
    const existing = rows.filter((row) => !Object.hasOwn(ids[row.item], row.blob.channel));
    if (existing.length > 0) {
      remember(
        await this.sql.query(
          `SELECT b.workflow_id, b.checkpoint_ns, b.channel, b.id
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bytea[]) AS v(workflow_id, ns, channel, version, hash)
           CROSS JOIN LATERAL (
             SELECT * FROM ${BLOBS} x WHERE x.workflow_id = v.workflow_id AND x.checkpoint_ns = v.ns
               AND x.channel = v.channel AND x.version = v.version AND x.content_hash = v.hash) b`,
          [
            existing.map((row) => row.workflowId),
            existing.map((row) => row.checkpointNs),
            existing.map((row) => row.blob.channel),
            existing.map((row) => versionKey(row.blob.version)),
            existing.map((row) => row.blob.hash),
          ],
        ),
      );
    }
    return ids;
  }

  private async latestAtVersions(workflowId: string, input: CheckpointInput, channels: string[]): Promise<ChannelMap> {
    const rows: { channel: string; id: string }[] = await this.sql.query(
      `SELECT DISTINCT ON (b.channel) b.channel, b.id FROM ${BLOBS} b
       JOIN unnest($3::text[], $4::text[]) AS v(channel, version) ON b.channel = v.channel AND b.version = v.version
       WHERE b.workflow_id = $1 AND b.checkpoint_ns = $2
       ORDER BY b.channel, b.id DESC`,
      [workflowId, input.checkpointNs, channels, channels.map((c) => versionKey(input.channelVersions[c]))],
    );
    return Object.fromEntries(rows.map((row) => [row.channel, String(row.id)]));
  }

  private async upsertHeaders(items: CheckpointToSave[], maps: ChannelMap[]): Promise<SaveResult[]> {
    const column = <T>(of: (item: CheckpointToSave, i: number) => T) => items.map(of);
    const written: (SavedCheckpoint & { workflow_id: string; inserted: boolean })[] = await this.sql.query(
      `INSERT INTO ${CHECKPOINTS} AS c
         (workflow_id, project_id, user_id, checkpoint_ns, thread_ts, parent_ts, checkpoint, metadata, channel_map, content_hash)
       SELECT v.workflow_id, v.project_id, v.user_id, v.ns, v.ts, v.parent_ts, v.checkpoint, v.metadata::jsonb, v.channel_map::jsonb, v.hash
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bytea[], $8::text[], $9::text[], $10::bytea[])
         AS v(workflow_id, project_id, user_id, ns, ts, parent_ts, checkpoint, metadata, channel_map, hash)
       ON CONFLICT (workflow_id, checkpoint_ns, thread_ts) DO UPDATE SET
         parent_ts = EXCLUDED.parent_ts, checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata,
         channel_map = EXCLUDED.channel_map, content_hash = EXCLUDED.content_hash
       WHERE c.content_hash <> EXCLUDED.content_hash
       RETURNING workflow_id, id, thread_ts, parent_ts, checkpoint_ns, (c.created_at = now()) AS inserted`,
      [
        column(({ workflow }) => workflow.id),
        column(({ workflow }) => workflow.projectId),
        column(({ workflow }) => workflow.userId),
        column(({ input }) => input.checkpointNs),
        column(({ input }) => input.threadTs),
        column(({ input }) => input.parentTs),
        column(({ input }) => Buffer.from(input.headerJson, 'utf8')),
        column(({ input }) => input.metadataJson),
        column((_, i) => JSON.stringify(maps[i])),
        column(({ input }) => input.contentHash),
      ],
    );
    // `inserted`: a new row's created_at is this statement's now(); a replaced row keeps its own.
    // (xmax, the usual test, cannot be read from a partitioned table.)
    const results = new Map<string, SaveResult>();
    for (const { workflow_id, inserted, ...checkpoint } of written) {
      results.set(threadKey(String(workflow_id), checkpoint.checkpoint_ns), { checkpoint: { ...checkpoint, id: String(checkpoint.id) }, created: inserted });
    }
    // Identical re-sends changed nothing: answer with the stored rows.
    const unchanged = items.filter(({ workflow, input }) => !results.has(threadKey(workflow.id, input.checkpointNs)));
    if (unchanged.length > 0) {
      const stored: (SavedCheckpoint & { workflow_id: string })[] = await this.sql.query(
        `SELECT c.workflow_id, c.id, c.thread_ts, c.parent_ts, c.checkpoint_ns
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS k(workflow_id, ns, ts)
         CROSS JOIN LATERAL (
           SELECT * FROM ${CHECKPOINTS} x WHERE x.workflow_id = k.workflow_id AND x.checkpoint_ns = k.ns AND x.thread_ts = k.ts) c`,
        [unchanged.map(({ workflow }) => workflow.id), unchanged.map(({ input }) => input.checkpointNs), unchanged.map(({ input }) => input.threadTs)],
      );
      for (const { workflow_id, ...checkpoint } of stored) {
        results.set(threadKey(String(workflow_id), checkpoint.checkpoint_ns), { checkpoint: { ...checkpoint, id: String(checkpoint.id) }, created: false });
      }
    }
    return items.map(({ workflow, input }) => results.get(threadKey(workflow.id, input.checkpointNs))!);
  }
}

/** Within one saveMany, a (workflow, namespace) names one checkpoint… */
function threadKey(workflowId: string, checkpointNs: string): string {
  return JSON.stringify([workflowId, checkpointNs]);
}

/** …and with a channel, one of its values. */
function blobKey(workflowId: string, checkpointNs: string, channel: string): string {
  return JSON.stringify([workflowId, checkpointNs, channel]);
}
