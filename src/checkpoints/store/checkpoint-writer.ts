import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql.js';
import { versionKey, type ChannelBlob } from './channel-blob.js';
import { resolveChannelMap, type ChannelMap, type ParentChannels } from './channel-map.js';
import type { CheckpointInput } from './checkpoint-input.js';
import { storeElements } from './element-store.js';
import { BLOBS, CHECKPOINTS, ELEMENTS, type WorkflowKey } from './tables.js';

export type SavedCheckpoint = { id: string; thread_ts: string; parent_ts: string | null; checkpoint_ns: string };

type Parent = ParentChannels & { hashes: Record<string, string>; elements: Map<string, string> };
type CarriedBlob = ChannelBlob & { hash: Buffer };

/**
 * Writes a checkpoint: its values go to the blob table (once per channel, version and content;
 * JSON arrays as ids of elements stored once), its resolved channel map is computed from its
 * parent's, and the header row is upserted on (workflow, namespace, thread_ts) as LangGraph's
 * savers do. No transaction is needed: values and elements are content-addressed and idempotent,
 * and the header upsert — one statement — is the moment the checkpoint exists. A write that dies
 * halfway leaves only unreferenced values, which go with their workflow.
 */
@Injectable()
export class CheckpointWriter {
  constructor(private readonly sql: Sql) {}

  async save(workflow: WorkflowKey, input: CheckpointInput): Promise<{ checkpoint: SavedCheckpoint; created: boolean }> {
    const parent = input.parentTs ? await this.parent(workflow.id, input) : undefined;
    // A value the parent already holds at the same version and content is the parent's value:
    // the full state re-sent at every step stores nothing new.
    const inherited: ChannelMap = {};
    const fresh = input.blobs.filter((blob) => {
      const id = parent?.map[blob.channel];
      const same = id !== undefined && parent!.hashes[id] === blob.hash.toString('hex') && versionKey(parent!.versions[blob.channel]) === versionKey(blob.version);
      if (same) inherited[blob.channel] = id;
      return !same;
    });
    const carried = { ...inherited, ...(await this.storeBlobs(workflow.id, input.checkpointNs, fresh, parent?.elements)) };
    const { map, unresolved } = resolveChannelMap(input.channelVersions, carried, parent);
    // Without a known parent, fall back to what LangGraph's own savers do: the value stored for
    // that channel at that version in this thread.
    if (!parent && unresolved.length > 0) Object.assign(map, await this.latestAtVersions(workflow.id, input, unresolved));
    return this.upsertHeader(workflow, input, map);
  }

  /** Inserts values not stored yet; returns each one's blob id. One statement, two when some existed. */
  private async storeBlobs(workflowId: string, checkpointNs: string, blobs: CarriedBlob[], knownElements?: Map<string, string>): Promise<ChannelMap> {
    if (blobs.length === 0) return {};
    const forms = await storeElements(this.sql, workflowId, blobs, knownElements);
    const inserted: { channel: string; id: string }[] = await this.sql.query(
      `INSERT INTO ${BLOBS} (workflow_id, checkpoint_ns, channel, version, type, content_hash, data, elements)
       SELECT $1, $2, v.channel, v.version, v.type, v.hash, v.data, string_to_array(v.elements, ',')::bigint[]
       FROM unnest($3::text[], $4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::text[]) AS v(channel, version, type, hash, data, elements)
       ON CONFLICT (workflow_id, checkpoint_ns, channel, version, content_hash) DO NOTHING
       RETURNING channel, id`,
      [
        workflowId,
        checkpointNs,
        blobs.map((b) => b.channel),
        blobs.map((b) => versionKey(b.version)),
        blobs.map((b) => b.type),
        blobs.map((b) => b.hash),
        forms.map((form) => form.data),
        // Element id lists differ in length, so each travels as text and becomes bigint[] in SQL.
        forms.map((form) => form.elements?.join(',') ?? null),
      ],
    );
    const ids: ChannelMap = Object.fromEntries(inserted.map((row) => [row.channel, String(row.id)]));
    const existing = blobs.filter((b) => !Object.hasOwn(ids, b.channel));
    if (existing.length > 0) Object.assign(ids, await this.existingBlobs(workflowId, checkpointNs, existing));
    return ids;
  }

  /** Values that were already stored (a retry, or a concurrent identical write). */
  private async existingBlobs(workflowId: string, checkpointNs: string, blobs: CarriedBlob[]): Promise<ChannelMap> {
    const rows: { channel: string; id: string }[] = await this.sql.query(
      `SELECT b.channel, b.id FROM ${BLOBS} b
       JOIN unnest($3::text[], $4::text[], $5::bytea[]) AS v(channel, version, hash)
         ON b.channel = v.channel AND b.version = v.version AND b.content_hash = v.hash
       WHERE b.workflow_id = $1 AND b.checkpoint_ns = $2`,
      [workflowId, checkpointNs, blobs.map((b) => b.channel), blobs.map((b) => versionKey(b.version)), blobs.map((b) => b.hash)],
    );
    return Object.fromEntries(rows.map((row) => [row.channel, String(row.id)]));
  }

  /**
   * The parent's versions and resolved map, with the content hash of each value it references and
   * the ids of the list elements those values hold, by content hash.
   */
  private async parent(workflowId: string, input: CheckpointInput): Promise<Parent | undefined> {
    const [row]: { checkpoint: Buffer; channel_map: ChannelMap; hashes: Record<string, string> | null; elements: Record<string, string> | null }[] =
      await this.sql.query(
        `WITH parent AS (
           SELECT c.workflow_id, c.checkpoint, c.channel_map FROM ${CHECKPOINTS} c
           WHERE c.workflow_id = $1 AND c.checkpoint_ns = $2 AND c.thread_ts = $3),
         -- \`= ANY(ARRAY(…))\` makes each lookup a primary-key probe; \`IN (SELECT …)\` or a join was
         -- planned as a scan of every value or element of the workflow, so a put got slower the
         -- longer its thread.
         parent_values AS (
           SELECT b.id, b.content_hash, b.elements FROM parent p
           JOIN ${BLOBS} b ON b.workflow_id = p.workflow_id AND b.id = ANY(ARRAY(SELECT value::bigint FROM jsonb_each_text(p.channel_map))))
         SELECT p.checkpoint, p.channel_map,
           (SELECT jsonb_object_agg(v.id::text, encode(v.content_hash, 'hex')) FROM parent_values v) AS hashes,
           (SELECT jsonb_object_agg(encode(e.content_hash, 'hex'), e.id::text) FROM ${ELEMENTS} e
            WHERE e.workflow_id = p.workflow_id AND e.id = ANY(ARRAY(SELECT unnest(v.elements) FROM parent_values v))) AS elements
         FROM parent p`,
        [workflowId, input.checkpointNs, input.parentTs],
      );
    if (!row) return undefined;
    const header = JSON.parse(row.checkpoint.toString('utf8')) as { channel_versions?: Record<string, unknown> };
    return { versions: header.channel_versions ?? {}, map: row.channel_map, hashes: row.hashes ?? {}, elements: new Map(Object.entries(row.elements ?? {})) };
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

  private async upsertHeader(workflow: WorkflowKey, input: CheckpointInput, map: ChannelMap): Promise<{ checkpoint: SavedCheckpoint; created: boolean }> {
    const [written]: (SavedCheckpoint & { inserted: boolean })[] = await this.sql.query(
      `INSERT INTO ${CHECKPOINTS} AS c
         (workflow_id, project_id, user_id, checkpoint_ns, thread_ts, parent_ts, checkpoint, metadata, channel_map, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)
       ON CONFLICT (workflow_id, checkpoint_ns, thread_ts) DO UPDATE SET
         parent_ts = EXCLUDED.parent_ts, checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata,
         channel_map = EXCLUDED.channel_map, content_hash = EXCLUDED.content_hash
       WHERE c.content_hash <> EXCLUDED.content_hash
       RETURNING id, thread_ts, parent_ts, checkpoint_ns, (c.created_at = now()) AS inserted`,
      [
        workflow.id,
        workflow.projectId,
        workflow.userId,
        input.checkpointNs,
        input.threadTs,
        input.parentTs,
        Buffer.from(input.headerJson, 'utf8'),
        input.metadataJson,
        JSON.stringify(map),
        input.contentHash,
      ],
    );
    // `inserted`: a new row's created_at is this statement's now(); a replaced row keeps its own.
    // (xmax, the usual test, cannot be read from a partitioned table.)
    if (written) {
      const { inserted, ...checkpoint } = written;
      return { checkpoint: { ...checkpoint, id: String(checkpoint.id) }, created: inserted };
    }
    // An identical re-send: nothing changed, answer with the stored row.
    const [stored]: SavedCheckpoint[] = await this.sql.query(
      `SELECT id, thread_ts, parent_ts, checkpoint_ns FROM ${CHECKPOINTS} WHERE workflow_id = $1 AND checkpoint_ns = $2 AND thread_ts = $3`,
      [workflow.id, input.checkpointNs, input.threadTs],
    );
    return { checkpoint: { ...stored, id: String(stored.id) }, created: false };
  }
}
