import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { transactionWithRetry } from '../../database/transaction-retry.js';
import { versionKey } from './channel-blob.js';
import { storeElements } from './element-store.js';
import { resolveChannelMap, type ChannelMap, type ParentChannels } from './channel-map.js';
import type { CheckpointInput } from './checkpoint-input.js';
import { BLOBS, CHECKPOINTS, type WorkflowKey } from './tables.js';

export type SavedCheckpoint = { id: string; thread_ts: string; parent_ts: string | null; checkpoint_ns: string };

/**
 * Writes a checkpoint in one transaction: its values go to the blob table (once per channel,
 * version and content; JSON arrays as ids of elements stored once), its resolved channel map is computed from its parent's, and the header
 * row is upserted on (workflow, namespace, thread_ts) as LangGraph's savers do.
 */
@Injectable()
export class CheckpointWriter {
  constructor(private readonly dataSource: DataSource) {}

  save(workflow: WorkflowKey, input: CheckpointInput): Promise<{ checkpoint: SavedCheckpoint; created: boolean }> {
    return transactionWithRetry(this.dataSource, async (manager) => {
      const carried = await this.storeBlobs(manager, workflow.id, input);
      const parent = input.parentTs ? await this.parentChannels(manager, workflow.id, input) : undefined;
      const { map, unresolved } = resolveChannelMap(input.channelVersions, carried, parent);
      // Without a known parent, fall back to what LangGraph's own savers do: the value stored for
      // that channel at that version in this thread.
      if (!parent && unresolved.length > 0) {
        Object.assign(map, await this.latestAtVersions(manager, workflow.id, input, unresolved));
      }
      return this.upsertHeader(manager, workflow, input, map);
    });
  }

  /** Inserts the carried values that are not stored yet; returns each carried channel's blob id. */
  private async storeBlobs(manager: EntityManager, workflowId: string, input: CheckpointInput): Promise<ChannelMap> {
    if (input.blobs.length === 0) return {};
    const forms = await storeElements(manager, workflowId, input.blobs);
    const columns = [
      input.blobs.map((b) => b.channel),
      input.blobs.map((b) => versionKey(b.version)),
      input.blobs.map((b) => b.type),
      input.blobs.map((b) => b.hash),
      forms.map((form) => form.data),
      // Element id lists differ in length, so each travels as text and becomes bigint[] in SQL.
      forms.map((form) => form.elements?.join(',') ?? null),
    ];
    await manager.query(
      `INSERT INTO ${BLOBS} (workflow_id, checkpoint_ns, channel, version, type, content_hash, data, elements)
       SELECT $1, $2, v.channel, v.version, v.type, v.hash, v.data, string_to_array(v.elements, ',')::bigint[]
       FROM unnest($3::text[], $4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::text[]) AS v(channel, version, type, hash, data, elements)
       ON CONFLICT (workflow_id, checkpoint_ns, channel, version, content_hash) DO NOTHING`,
      [workflowId, input.checkpointNs, ...columns],
    );
    // A separate statement, so it also sees rows a concurrent identical write committed meanwhile.
    const rows: { channel: string; id: string }[] = await manager.query(
      `SELECT b.channel, b.id FROM ${BLOBS} b
       JOIN unnest($3::text[], $4::text[], $5::bytea[]) AS v(channel, version, hash)
         ON b.channel = v.channel AND b.version = v.version AND b.content_hash = v.hash
       WHERE b.workflow_id = $1 AND b.checkpoint_ns = $2`,
      [workflowId, input.checkpointNs, columns[0], columns[1], columns[3]],
    );
    return Object.fromEntries(rows.map((row) => [row.channel, String(row.id)]));
  }

  private async parentChannels(manager: EntityManager, workflowId: string, input: CheckpointInput): Promise<ParentChannels | undefined> {
    const [row]: { checkpoint: Buffer; channel_map: ChannelMap }[] = await manager.query(
      `SELECT checkpoint, channel_map FROM ${CHECKPOINTS} WHERE workflow_id = $1 AND checkpoint_ns = $2 AND thread_ts = $3`,
      [workflowId, input.checkpointNs, input.parentTs],
    );
    if (!row) return undefined;
    const header = JSON.parse(row.checkpoint.toString('utf8')) as { channel_versions?: Record<string, unknown> };
    return { versions: header.channel_versions ?? {}, map: row.channel_map };
  }

  private async latestAtVersions(manager: EntityManager, workflowId: string, input: CheckpointInput, channels: string[]): Promise<ChannelMap> {
    const rows: { channel: string; id: string }[] = await manager.query(
      `SELECT DISTINCT ON (b.channel) b.channel, b.id FROM ${BLOBS} b
       JOIN unnest($3::text[], $4::text[]) AS v(channel, version) ON b.channel = v.channel AND b.version = v.version
       WHERE b.workflow_id = $1 AND b.checkpoint_ns = $2
       ORDER BY b.channel, b.id DESC`,
      [workflowId, input.checkpointNs, channels, channels.map((c) => versionKey(input.channelVersions[c]))],
    );
    return Object.fromEntries(rows.map((row) => [row.channel, String(row.id)]));
  }

  private async upsertHeader(
    manager: EntityManager,
    workflow: WorkflowKey,
    input: CheckpointInput,
    map: ChannelMap,
  ): Promise<{ checkpoint: SavedCheckpoint; created: boolean }> {
    const [written]: (SavedCheckpoint & { inserted: boolean })[] = await manager.query(
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
    // `inserted`: a new row's created_at is this transaction's now(); a replaced row keeps its own.
    // (xmax, the usual test, cannot be read from a partitioned table.)
    if (written) {
      const { inserted, ...checkpoint } = written;
      return { checkpoint: { ...checkpoint, id: String(checkpoint.id) }, created: inserted };
    }
    // An identical re-send: nothing changed, answer with the stored row.
    const [stored]: SavedCheckpoint[] = await manager.query(
      `SELECT id, thread_ts, parent_ts, checkpoint_ns FROM ${CHECKPOINTS} WHERE workflow_id = $1 AND checkpoint_ns = $2 AND thread_ts = $3`,
      [workflow.id, input.checkpointNs, input.threadTs],
    );
    return { checkpoint: { ...stored, id: String(stored.id) }, created: false };
  }
}
