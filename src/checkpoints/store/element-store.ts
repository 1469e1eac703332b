import type { Sql } from '../../database/sql.js';
import type { ChannelBlob } from './channel-blob.js';
import { contentIdHex, JSON_TYPE } from './channel-blob.js';
import type { NewValue } from './carried-values.js';
import { splitJsonArray } from './json-array-elements.js';
import { ELEMENTS } from './tables.js';

// Below this a JSON array is stored whole: element rows would cost more than they save.
const MIN_SPLIT_BYTES = 512;
// Elements go to the database in statements of about this many bytes: pg copies a statement's
// parameters into one message buffer, so a 20 MiB list sent at once would hold another 20 MiB
// (and more while that buffer grows). A conversation's step adds far less than this: one statement.
export const ELEMENT_STATEMENT_BYTES = 1024 * 1024;

/**
 * How a value is stored: its bytes, or its elements as references — an element's id, or -k for
 * the k-th (from 1) of the plan's new elements, whose id the write statement learns when it
 * inserts them (see write-statement.ts). An extension's elements follow those of the stored value
 * `base`, which the write statement reads.
 */
export type StoredForm = { data: Buffer | null; elements: string[] | null; base: string | null };

/** The values one checkpoint writes, with the ids (by content hash) of the elements its parent holds. */
export type ElementSource = { workflowId: string; blobs: NewValue[]; known?: ReadonlyMap<string, string> };

/** Whether a whole value is stored as its elements (a JSON array large enough to be worth it). */
export function splitsIntoElements(blob: ChannelBlob): boolean {
  return blob.type === JSON_TYPE && blob.data.length >= MIN_SPLIT_BYTES;
}

export type NewElement = { workflowId: string; hash: string; data: Buffer };
/** Each value's form, and the elements still to insert, in the order -k counts them. */
export type ElementPlan = { forms: StoredForm[][]; fresh: NewElement[] };

/**
 * Splits the JSON-array values of several checkpoints into elements (each stored once per workflow
 * and content) and says, for each value, in which form to store it; an extension is its base's
 * elements (the write statement reads them) followed by the elements it appends. Elements a
 * parent already holds (most of a conversation) are referenced by id. The others are inserted by
 * the checkpoint's write statement — unless they are more than a statement should carry (a list of
 * many MiB), and then here, first, in statements of ELEMENT_STATEMENT_BYTES, if `mayWriteAhead`
 * says so; otherwise there is no plan (undefined).
 */
export async function planElements(sql: Sql, sources: ElementSource[], mayWriteAhead: () => Promise<boolean> = async () => true): Promise<ElementPlan | undefined> {
  const wanted = new Map<string, NewElement>();
  let bytes = 0;
  const hashesOf = sources.map(({ workflowId, blobs, known }) =>
    blobs.map((blob) => {
      // An extension's elements were split when its input was checked, whatever their size.
      const elements = blob.appended ?? (splitsIntoElements(blob) ? splitJsonArray(blob.data) : null);
      return elements?.map((element) => {
        const hash = contentIdHex(element);
        const key = elementKey(workflowId, hash);
        if (!known?.has(hash) && !wanted.has(key)) {
          wanted.set(key, { workflowId, hash, data: element });
          bytes += element.length;
        }
        return hash;
      });
    }),
  );
  // In key order: a statement inserting elements waits for any other one inserting the same, and
  // two that took the same elements in opposite orders would wait for each other (a deadlock).
  const fresh = [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, element]) => element);
  // Nothing may be written before the write statement on what is not known to hold.
  if (bytes > ELEMENT_STATEMENT_BYTES && !(await mayWriteAhead())) return undefined;
  const stored = bytes > ELEMENT_STATEMENT_BYTES ? await elementIds(sql, fresh) : undefined;
  const references = new Map(fresh.map((element, k) => [elementKey(element.workflowId, element.hash), stored?.get(elementKey(element.workflowId, element.hash)) ?? String(-(k + 1))]));
  const forms = sources.map(({ workflowId, blobs, known }, i) =>
    blobs.map((blob, j): StoredForm => {
      const hashes = hashesOf[i][j];
      if (!hashes) return { data: blob.data, elements: null, base: null };
      const ids = hashes.map((hash) => known?.get(hash) ?? references.get(elementKey(workflowId, hash))!);
      return { data: null, elements: ids, base: blob.baseValue ?? null };
    }),
  );
  return { forms, fresh: stored ? [] : fresh };
}

/**
 * New elements as statements take them: workflows, hashes, and their bytes as one binary parameter
 * cut up in SQL by offsets and lengths (an array of bytea would be sent as hex text, twice the size,
 * and a large list must not need that much memory).
 */
export function elementParams(fresh: NewElement[]): [string[], Buffer[], Buffer, number[], number[]] {
  const { bytes, starts } = fresh.length > 0 ? packed(fresh.map((element) => element.data)) : { bytes: Buffer.alloc(0), starts: [] };
  return [fresh.map((element) => element.workflowId), fresh.map((element) => Buffer.from(element.hash, 'hex')), bytes, starts, fresh.map((element) => element.data.length)];
}

function elementKey(workflowId: string, hash: string): string {
  return `${workflowId}:${hash}`;
}

async function elementIds(sql: Sql, wanted: NewElement[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const part of inStatements(wanted)) await upsertElements(sql, part, ids);
  return ids;
}

/** `wanted` cut into runs of about ELEMENT_STATEMENT_BYTES (an element larger than that goes alone). */
function inStatements(wanted: NewElement[]): NewElement[][] {
  const parts: NewElement[][] = [];
  let [current, bytes]: [NewElement[], number] = [[], 0];
  for (const element of wanted) {
    if (current.length > 0 && bytes + element.data.length > ELEMENT_STATEMENT_BYTES) {
      parts.push(current);
      [current, bytes] = [[], 0];
    }
    current.push(element);
    bytes += element.data.length;
  }
  parts.push(current);
  return parts;
}

/**
 * The common table expressions that insert new elements (parameters $1–$5, elementParams) and give
 * each one's id as `element_rows` (workflow_id, content_hash, id): an upsert with a no-op update, so
 * that an element stored before, or by a concurrent write the statement waited for, returns its id
 * too. The elements go in the order given, which planElements makes key order. `unless`: a
 * condition under which nothing is inserted (a query that gives rows).
 */
export function elementUpsertCtes(unless?: string): string {
  return `
  new_elements AS (
    SELECT w.ord, w.workflow_id, w.hash, substring($3::bytea FROM w.start FOR w.length) AS data
    FROM unnest($1::bigint[], $2::bytea[], $4::int[], $5::int[]) WITH ORDINALITY AS w(workflow_id, hash, start, length, ord)),
  element_rows AS (
    INSERT INTO ${ELEMENTS} (workflow_id, content_hash, data)
    SELECT workflow_id, hash, data FROM new_elements ${unless ? `WHERE NOT EXISTS (${unless})` : ''} ORDER BY ord
    ON CONFLICT (workflow_id, content_hash) DO UPDATE SET content_hash = EXCLUDED.content_hash
    RETURNING workflow_id, content_hash, id)`;
}

/** Inserts one run of elements, adding their ids to `ids`. */
async function upsertElements(sql: Sql, wanted: NewElement[], ids: Map<string, string>): Promise<void> {
  const rows: { workflow_id: string; id: string; content_hash: Buffer }[] = await sql.query(
    `WITH ${elementUpsertCtes()} SELECT workflow_id, id, content_hash FROM element_rows`,
    elementParams(wanted),
  );
  for (const row of rows) ids.set(elementKey(String(row.workflow_id), row.content_hash.toString('hex')), String(row.id));
}

/**
 * The parts as one buffer and the 1-based offset of each in it, as SQL's substring counts. Parts
 * cut from one value (a list's elements, the usual case) are sent as the span of that value that
 * holds them, without a copy: a 20 MiB list is not held twice while it is written.
 */
function packed(parts: Buffer[]): { bytes: Buffer; starts: number[] } {
  const first = parts[0];
  let [from, to, total] = [first.byteOffset, first.byteOffset, 0];
  for (const part of parts) {
    from = Math.min(from, part.byteOffset);
    to = Math.max(to, part.byteOffset + part.length);
    total += part.length;
  }
  // One value's span: its elements and the commas between them, no more than that.
  if (parts.every((part) => part.buffer === first.buffer) && to - from <= total + parts.length) {
    return { bytes: Buffer.from(first.buffer, from, to - from), starts: parts.map((part) => part.byteOffset - from + 1) };
  }
  let offset = 1;
  const starts = parts.map((part) => {
    const start = offset;
    offset += part.length;
    return start;
  });
  return { bytes: Buffer.concat(parts), starts };
}
