import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql.js';
import type { ChannelMap } from './channel-map.js';
import { BLOBS, blobDataSql, CHECKPOINTS, WRITES } from './tables.js';

export type TypedBytes = { type: string; data: Buffer };
export type ChannelHistory = { seed: TypedBytes | null; writes: [task: string, channel: string, value: TypedBytes][] };

type ChainRow = { thread_ts: string; channel_map: ChannelMap; remaining: string[]; depth: number };

/**
 * LangGraph's getDeltaChannelHistory walk in three queries instead of one request per ancestor:
 * from the target's parent up the parent chain, each channel collects the pending writes of every
 * ancestor it passes and stops at the nearest ancestor that stores a value for it (the seed; its
 * own writes count too). The target's own writes are not part of its history.
 */
@Injectable()
export class DeltaHistoryReader {
  constructor(private readonly sql: Sql) {}

  async history(workflowId: string, checkpointNs: string, threadTs: string, channels: string[]): Promise<Map<string, ChannelHistory>> {
    const result = new Map<string, ChannelHistory>(channels.map((channel) => [channel, { seed: null, writes: [] }]));
    if (channels.length === 0) return result;
    const chain = await this.chain(workflowId, checkpointNs, threadTs, channels);
    if (chain.length === 0) return result;

    const seeds = new Map<string, string>(); // channel -> blob id
    const wanted: { threadTs: string; channel: string }[] = [];
    for (const row of chain) {
      for (const channel of row.remaining) {
        wanted.push({ threadTs: row.thread_ts, channel });
        if (Object.hasOwn(row.channel_map, channel)) seeds.set(channel, row.channel_map[channel]);
      }
    }
    const [writes, blobs] = await Promise.all([this.writes(workflowId, checkpointNs, wanted), this.blobs(workflowId, [...seeds.values()])]);
    // Oldest ancestor first; within a checkpoint, LangGraph's pending-write order.
    const depthOf = new Map(chain.map((row) => [row.thread_ts, row.depth]));
    writes.sort((a, b) => depthOf.get(b.thread_ts)! - depthOf.get(a.thread_ts)!);
    for (const write of writes) {
      result.get(write.channel)!.writes.push([write.task, write.channel, { type: write.write_type, data: write.data }]);
    }
    for (const [channel, blobId] of seeds) result.get(channel)!.seed = blobs.get(blobId) ?? null;
    return result;
  }

  /** The ancestors walked, each with the channels still looking for a seed when it is reached. */
  private chain(workflowId: string, checkpointNs: string, threadTs: string, channels: string[]): Promise<ChainRow[]> {
    return this.sql.query(
      `WITH RECURSIVE chain AS (
         SELECT p.thread_ts, p.parent_ts, p.channel_map, $4::text[] AS remaining, 0 AS depth
         FROM ${CHECKPOINTS} t
         JOIN ${CHECKPOINTS} p ON p.workflow_id = t.workflow_id AND p.checkpoint_ns = t.checkpoint_ns AND p.thread_ts = t.parent_ts
         WHERE t.workflow_id = $1 AND t.checkpoint_ns = $2 AND t.thread_ts = $3
         UNION ALL
         SELECT p.thread_ts, p.parent_ts, p.channel_map,
                ARRAY(SELECT ch FROM unnest(chain.remaining) AS ch WHERE NOT chain.channel_map ? ch), chain.depth + 1
         FROM chain
         JOIN ${CHECKPOINTS} p ON p.workflow_id = $1 AND p.checkpoint_ns = $2 AND p.thread_ts = chain.parent_ts
         WHERE EXISTS (SELECT 1 FROM unnest(chain.remaining) AS ch WHERE NOT chain.channel_map ? ch)
       )
       SELECT thread_ts, channel_map, remaining, depth FROM chain ORDER BY depth`,
      [workflowId, checkpointNs, threadTs, channels],
    );
  }

  private async writes(workflowId: string, checkpointNs: string, wanted: { threadTs: string; channel: string }[]) {
    if (wanted.length === 0) return [];
    const rows: { thread_ts: string; task: string; channel: string; write_type: string; data: Buffer }[] = await this.sql.query(
      // LATERAL: an index probe per ancestor, not a scan of the workflow's writes (see parent-lookup.ts).
      `SELECT w.thread_ts, w.task, w.channel, w.write_type, w.data
       FROM unnest($3::text[], $4::text[]) AS k(ts, channel)
       CROSS JOIN LATERAL (
         SELECT * FROM ${WRITES} x
         WHERE x.workflow_id = $1 AND x.checkpoint_ns = $2 AND x.thread_ts = k.ts AND x.channel = k.channel) w
       ORDER BY w.task_path, w.task, w.idx`,
      [workflowId, checkpointNs, wanted.map((w) => w.threadTs), wanted.map((w) => w.channel)],
    );
    return rows;
  }

  private async blobs(workflowId: string, ids: string[]): Promise<Map<string, TypedBytes>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; type: string; data: Buffer }[] = await this.sql.query(
      `SELECT b.id, b.type, ${blobDataSql('b')} AS data FROM ${BLOBS} b WHERE b.workflow_id = $1 AND b.id = ANY($2::bigint[])`,
      [workflowId, ids],
    );
    return new Map(rows.map((row) => [String(row.id), { type: row.type, data: row.data }]));
  }
}
