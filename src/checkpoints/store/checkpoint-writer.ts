import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql.js';
import { versionKey } from './channel-blob.js';
import { sortCarriedValues, type NewValue, type Refusal } from './carried-values.js';
import { resolveChannelMap, type ChannelMap } from './channel-map.js';
import type { CheckpointInput } from './checkpoint-input.js';
import { planElements, splitsIntoElements } from './element-store.js';
import { loadParents, type Parent } from './parent-lookup.js';
import { BLOBS, CHECKPOINTS, type WorkflowKey } from './tables.js';
import { RecentCheckpoints } from './recent-checkpoints.js';
import { ACCESS_UNVERIFIED, assumedChangedSql, assumedParams, assumesAnything, NOTHING_ASSUMED, type Assumed } from './assumed.js';
import { WRITE_CHECKPOINTS_SQL, writeCheckpointsParams, type CheckpointRow, type WrittenRow } from './write-statement.js';

export type SavedCheckpoint = { id: string; thread_ts: string; parent_ts: string | null; checkpoint_ns: string };
export type SaveResult = { checkpoint: SavedCheckpoint; created: boolean };
/** A checkpoint not written: an extension that does not fit the parent as stored, or too large (see sortCarriedValues). */
export type SaveRefusal = Refusal;
/** One checkpoint to write, into a workflow the caller may write. */
export type CheckpointToSave = { workflow: WorkflowKey; input: CheckpointInput };

// Stands in a channel map for a value whose id the write statement fills in (ids are digits).
const WRITTEN_HERE = 'written here';
const PARENT_CHANGED = Symbol('parent changed');
type StoredHeader = Extract<WrittenRow, { changed: null }>;

/** A checkpoint to write with what it was built on: its parent, and its values sorted against it. */
type Prepared = { item: CheckpointToSave; parent: Parent | undefined; inherited: ChannelMap; fresh: NewValue[] };

/**
 * Writes checkpoints: their values go to the blob table (once per channel, version and content;
 * JSON arrays as ids of elements stored once), each resolved channel map is computed from its
 * parent's, and the header row is upserted on (workflow, namespace, thread_ts) as LangGraph's
 * savers do. Everything is written by one statement (write-statement.ts): one round trip and one
 * commit per batch, and a write that fails stores nothing. (A list of many MiB has its elements
 * written first, in statements of their own; if the write then fails, they stay unreferenced and
 * go with their workflow.)
 *
 * A parent is read by a statement of its own, unless it is the latest checkpoint this process
 * wrote in that thread (RecentCheckpoints): then nothing is read before the write. Either way the
 * write statement checks that each parent is still what it was read as; if one is not, nothing is
 * written and the checkpoints are written again with their parents read afresh (and, should even
 * that race with another writer, each alone: the one whose parent changed answers a conflict).
 *
 * Several checkpoints of different threads are written together, with the same statements as one.
 */
@Injectable()
export class CheckpointWriter {
  private readonly recent = new RecentCheckpoints();

  constructor(private readonly sql: Sql) {}

  async save(workflow: WorkflowKey, input: CheckpointInput): Promise<SaveResult | SaveRefusal> {
    return (await this.saveMany([{ workflow, input }]))[0];
  }

  /**
   * Writes checkpoints no two of which share a workflow and namespace (a checkpoint's parent must
   * be stored before it is looked up); results in the same order. A checkpoint whose extension
   * does not fit its parent, or grows a list too large, is not written and answers why; the others
   * are written. `remembered`: whether parents may come from RecentCheckpoints.
   */
  async saveMany(items: CheckpointToSave[], remembered = true): Promise<(SaveResult | SaveRefusal)[]> {
    return (await this.attempt(items, remembered, NOTHING_ASSUMED)) as (SaveResult | SaveRefusal)[];
  }

  /**
   * saveMany for a request that took write grants or the caller's identity from memory
   * (`assumed`): the write statement checks them and writes nothing if one changed — nor does
   * anything get written before it (a list of many MiB, whose elements go first, asks first). Then the
   * answer is ACCESS_UNVERIFIED: authenticate and ask the policy afresh. So it is too when no
   * statement would check them (every item refused before writing): an answer is only given on what
   * this request read. With nothing assumed, it is saveMany.
   */
  async saveManyAssuming(items: CheckpointToSave[], assumed: Assumed): Promise<(SaveResult | SaveRefusal)[] | typeof ACCESS_UNVERIFIED> {
    return this.attempt(items, true, assumed);
  }

  private async attempt(items: CheckpointToSave[], remembered: boolean, assumed: Assumed): Promise<(SaveResult | SaveRefusal)[] | typeof ACCESS_UNVERIFIED> {
    const parents = await this.parentsOf(items, remembered);
    const sorted = items.map(({ input }, i) => sortCarriedValues(input.blobs, parents[i], input.valueLimitBytes));
    const writable = items.flatMap((item, i): Prepared[] => {
      const values = sorted[i];
      return 'reason' in values ? [] : [{ item, parent: parents[i], ...values }];
    });
    if (writable.length === 0 && assumesAnything(assumed)) return ACCESS_UNVERIFIED;
    const saved = writable.length > 0 ? await this.write(writable, assumed) : [];
    if (saved === ACCESS_UNVERIFIED) return saved;
    if (saved === PARENT_CHANGED) return this.afterParentChanged(items, remembered, assumed);
    const results = new Map(writable.map(({ item }, i) => [item, saved[i]]));
    return items.map((item, i) => results.get(item) ?? (sorted[i] as SaveRefusal));
  }

  /** Nothing was written: a parent is not stored as it was read (or remembered). */
  private async afterParentChanged(items: CheckpointToSave[], remembered: boolean, assumed: Assumed): Promise<(SaveResult | SaveRefusal)[] | typeof ACCESS_UNVERIFIED> {
    if (remembered) {
      for (const { workflow, input } of items) this.recent.forget(workflow.id, input.checkpointNs);
      return this.attempt(items, false, assumed);
    }
    if (items.length > 1) {
      const alone = await Promise.all(items.map((item) => this.attempt([item], false, assumed)));
      return alone.some((outcome) => outcome === ACCESS_UNVERIFIED) ? ACCESS_UNVERIFIED : (alone as (SaveResult | SaveRefusal)[][]).flat();
    }
    return [{ reason: 'conflict', message: 'the parent checkpoint changed while this one was written: send it again' }];
  }

  private async write(checkpoints: Prepared[], assumed: Assumed): Promise<SaveResult[] | typeof PARENT_CHANGED | typeof ACCESS_UNVERIFIED> {
    const plan = await planElements(
      this.sql,
      checkpoints.map(({ item, parent, fresh }) => ({ workflowId: item.workflow.id, blobs: fresh, known: parent?.elements })),
      () => this.stillHolds(assumed),
    );
    if (!plan) return ACCESS_UNVERIFIED;
    const rows: CheckpointRow[] = [];
    for (const [i, { item, parent, inherited, fresh }] of checkpoints.entries()) {
      const written = Object.fromEntries(fresh.map((blob) => [blob.channel, WRITTEN_HERE]));
      const { map, unresolved } = resolveChannelMap(item.input.channelVersions, { ...inherited, ...written }, parent);
      // Without a known parent, fall back to what LangGraph's own savers do: the value stored for
      // that channel at that version in this thread.
      if (!parent && unresolved.length > 0) Object.assign(map, await this.latestAtVersions(item.workflow.id, item.input, unresolved));
      const values = fresh.map((blob, j) => ({ blob, form: plan.forms[i][j], mapped: map[blob.channel] === WRITTEN_HERE }));
      for (const { blob, mapped } of values) if (mapped) delete map[blob.channel];
      rows.push({ ...item, values, map, parentHash: parent?.contentHash ?? null });
    }
    const written: WrittenRow[] = await this.sql.query(WRITE_CHECKPOINTS_SQL, writeCheckpointsParams(plan.fresh, rows, assumed));
    if (written.some((row) => row.changed === 'access')) return ACCESS_UNVERIFIED;
    if (written.some((row) => row.changed === 'parent')) return PARENT_CHANGED;
    const headers = written as StoredHeader[];
    this.rememberWritten(rows, checkpoints, headers);
    return this.results(rows, headers);
  }

  /**
   * Whether what was taken from memory still holds, asked before a list of many MiB writes its
   * elements ahead of the write statement (which checks it again): a caller whose token was
   * revoked must not get them stored, and one who is still allowed must not be authenticated and
   * decided afresh for nothing (the list's elements split and hashed twice).
   */
  private async stillHolds(assumed: Assumed): Promise<boolean> {
    if (!assumesAnything(assumed)) return true;
    const changed = await this.sql.query(`SELECT 1 FROM (${assumedChangedSql(1)}) AS changed LIMIT 1`, assumedParams(assumed));
    return changed.length === 0;
  }

  /** Remembers each checkpoint written as the parent its thread's next one will most likely have. */
  private rememberWritten(rows: CheckpointRow[], checkpoints: Prepared[], headers: StoredHeader[]): void {
    const byThread = new Map(headers.map((header) => [threadKey(String(header.workflow_id), header.checkpoint_ns), header]));
    rows.forEach(({ workflow, input, values }, i) => {
      const header = byThread.get(threadKey(workflow.id, input.checkpointNs));
      if (!header) return;
      const child = asParent(input, header, values, checkpoints[i].parent);
      if (child) this.recent.remember(workflow.id, input.checkpointNs, input.threadTs, child);
      else this.recent.forget(workflow.id, input.checkpointNs);
    });
  }

  private async parentsOf(items: CheckpointToSave[], remembered: boolean): Promise<(Parent | undefined)[]> {
    const parents = items.map(({ workflow, input }) =>
      // Whole lists need the ids of the parent's elements by hash, which are not remembered.
      remembered && input.parentTs !== null && !carriesWholeLists(input)
        ? this.recent.parent(workflow.id, input.checkpointNs, input.parentTs)
        : undefined,
    );
    const toRead = items.flatMap((item, i) => (item.input.parentTs !== null && !parents[i] ? [i] : []));
    const read = await loadParents(
      this.sql,
      toRead.map((i) => ({
        workflowId: items[i].workflow.id,
        checkpointNs: items[i].input.checkpointNs,
        parentTs: items[i].input.parentTs!,
        elementsByHash: carriesWholeLists(items[i].input),
      })),
    );
    toRead.forEach((at, i) => (parents[at] = read[i]));
    return parents;
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

  /** Each checkpoint's stored row: as written, or — an identical re-send, which changed nothing — as it was. */
  private async results(items: CheckpointRow[], written: StoredHeader[]): Promise<SaveResult[]> {
    const results = new Map<string, SaveResult>();
    for (const { workflow_id, inserted, channel_map: _map, changed: _changed, ...checkpoint } of written) {
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

/** Within one saveMany, a (workflow, namespace) names one checkpoint. */
function threadKey(workflowId: string, checkpointNs: string): string {
  return JSON.stringify([workflowId, checkpointNs]);
}

/** Whether a checkpoint carries a whole value to be stored as list elements (see parentsOf). */
function carriesWholeLists(input: CheckpointInput): boolean {
  return input.blobs.some((blob) => blob.baseHash === undefined && splitsIntoElements(blob));
}

/**
 * A written checkpoint as its child's parent: each value it references with its content hash (and
 * size, for a list), from its own values or its parent's. Undefined where a value came from
 * neither (resolved by version, without a parent): such a checkpoint is not remembered.
 */
function asParent(input: CheckpointInput, header: StoredHeader, values: CheckpointRow['values'], parent: Parent | undefined): Parent | undefined {
  const hashes: Record<string, string> = {};
  const listBytes: Record<string, number> = {};
  const own = new Map(values.filter(({ mapped }) => mapped).map((value) => [value.blob.channel, value]));
  for (const [channel, id] of Object.entries(header.channel_map)) {
    const value = own.get(channel);
    const hash = value ? value.blob.hash.toString('hex') : parent?.hashes[id];
    if (hash === undefined) return undefined;
    hashes[id] = hash;
    const bytes = value ? (value.form.elements ? value.blob.bytes : undefined) : parent!.listBytes[id];
    if (bytes !== undefined) listBytes[id] = bytes;
  }
  return { versions: input.channelVersions, map: header.channel_map, contentHash: input.contentHash, hashes, listBytes, elements: new Map() };
}
