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

/** How a value is stored: its bytes, or the ids of its elements. */
export type StoredForm = { data: Buffer | null; elements: string[] | null };

/** The values one checkpoint writes, with the ids (by content hash) of the elements its parent holds. */
export type ElementSource = { workflowId: string; blobs: NewValue[]; known?: ReadonlyMap<string, string> };

/** Whether a whole value is stored as its elements (a JSON array large enough to be worth it). */
export function splitsIntoElements(blob: ChannelBlob): boolean {
  return blob.type === JSON_TYPE && blob.data.length >= MIN_SPLIT_BYTES;
}

type Wanted = { workflowId: string; hash: string; data: Buffer };

/**
 * Stores the elements of the JSON-array values of several checkpoints (each element once per
 * workflow and content) and says, for each value, in which form to store it; an extension is its
 * base's element ids followed by those of the elements it appends. Elements a parent
 * already holds (most of a conversation) need no trip to the database; one statement finds or
 * inserts all the others, whatever the number of checkpoints.
 */
export async function storeElements(sql: Sql, sources: ElementSource[]): Promise<StoredForm[][]> {
  const wanted = new Map<string, Wanted>();
  const hashesOf = sources.map(({ workflowId, blobs, known }) =>
    blobs.map((blob) => {
      // An extension's data is the elements appended, split whatever their size (checked on input).
      const elements = blob.baseElements || splitsIntoElements(blob) ? splitJsonArray(blob.data) : null;
      return elements?.map((element) => {
        const hash = contentIdHex(element);
        if (!known?.has(hash)) wanted.set(elementKey(workflowId, hash), { workflowId, hash, data: element });
        return hash;
      });
    }),
  );
  const stored = wanted.size > 0 ? await elementIds(sql, [...wanted.values()]) : new Map<string, string>();
  return sources.map(({ workflowId, blobs, known }, i) =>
    blobs.map((blob, j) => {
      const hashes = hashesOf[i][j];
      if (!hashes) return { data: blob.data, elements: null };
      const ids = hashes.map((hash) => known?.get(hash) ?? stored.get(elementKey(workflowId, hash))!);
      return { data: null, elements: blob.baseElements ? [...blob.baseElements, ...ids] : ids };
    }),
  );
}

function elementKey(workflowId: string, hash: string): string {
  return `${workflowId}:${hash}`;
}

async function elementIds(sql: Sql, wanted: Wanted[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const part of inStatements(wanted)) await findOrInsert(sql, part, ids);
  return ids;
}

/** `wanted` cut into runs of about ELEMENT_STATEMENT_BYTES (an element larger than that goes alone). */
function inStatements(wanted: Wanted[]): Wanted[][] {
  const parts: Wanted[][] = [];
  let [current, bytes]: [Wanted[], number] = [[], 0];
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

/** Finds or inserts one run of elements, adding their ids to `ids`. */
async function findOrInsert(sql: Sql, wanted: Wanted[], ids: Map<string, string>): Promise<void> {
  const remember = (rows: { workflow_id: string; id: string; content_hash: Buffer }[]) =>
    rows.forEach((row) => ids.set(elementKey(String(row.workflow_id), row.content_hash.toString('hex')), String(row.id)));
  const workflows = wanted.map((element) => element.workflowId);
  const hashes = wanted.map((element) => Buffer.from(element.hash, 'hex'));
  // The elements travel as one binary parameter cut up in SQL by their offsets: an array of bytea
  // would be sent as hex text, twice the size, and a large list must not need that much memory.
  const { bytes, starts } = packed(wanted.map((element) => element.data));
  remember(
    await sql.query(
      `WITH wanted AS (
         SELECT w.workflow_id, w.hash, substring($3::bytea FROM w.start FOR w.length) AS data
         FROM unnest($1::bigint[], $2::bytea[], $4::int[], $5::int[]) AS w(workflow_id, hash, start, length)),
       found AS (
         SELECT e.workflow_id, e.id, e.content_hash FROM unnest($1::bigint[], $2::bytea[]) AS k(workflow_id, hash)
         CROSS JOIN LATERAL (SELECT * FROM ${ELEMENTS} x WHERE x.workflow_id = k.workflow_id AND x.content_hash = k.hash) e),
       inserted AS (
         INSERT INTO ${ELEMENTS} (workflow_id, content_hash, data)
         SELECT w.workflow_id, w.hash, w.data FROM wanted w
         WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.workflow_id = w.workflow_id AND f.content_hash = w.hash)
         ON CONFLICT (workflow_id, content_hash) DO NOTHING
         RETURNING workflow_id, id, content_hash)
       SELECT workflow_id, id, content_hash FROM found UNION ALL SELECT workflow_id, id, content_hash FROM inserted`,
      [workflows, hashes, bytes, starts, wanted.map((element) => element.data.length)],
    ),
  );
  // Inserted meanwhile by a concurrent write of the same workflow: committed, so visible now.
  const raced = wanted.filter((element) => !ids.has(elementKey(element.workflowId, element.hash)));
  if (raced.length > 0) {
    remember(
      await sql.query(
        `SELECT e.workflow_id, e.id, e.content_hash FROM unnest($1::bigint[], $2::bytea[]) AS k(workflow_id, hash)
         CROSS JOIN LATERAL (SELECT * FROM ${ELEMENTS} x WHERE x.workflow_id = k.workflow_id AND x.content_hash = k.hash) e`,
        [raced.map((element) => element.workflowId), raced.map((element) => Buffer.from(element.hash, 'hex'))],
      ),
    );
  }
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
