import { createHash } from 'node:crypto';
import type { ChannelBlob } from './channel-blob.js';
import { JSON_TYPE } from './channel-blob.js';
import { splitJsonArray } from './json-array-elements.js';
import type { Sql } from '../../database/sql.js';
import { ELEMENTS } from './tables.js';

// Below this a JSON array is stored whole: element rows would cost more than they save.
const MIN_SPLIT_BYTES = 512;

/** How a value is stored: its bytes, or the ids of its elements. */
export type StoredForm = { data: Buffer | null; elements: string[] | null };

/**
 * Stores the elements of the JSON-array values among `blobs` (once per workflow and content) and
 * says, for each blob, in which form to store it. `known` maps content hashes to the ids of elements
 * already stored (the parent's); one statement finds or inserts the rest.
 */
export async function storeElements(
  sql: Sql,
  workflowId: string,
  blobs: ChannelBlob[],
  known: ReadonlyMap<string, string> = new Map(),
): Promise<StoredForm[]> {
  const split = blobs.map((blob) => (blob.type === JSON_TYPE && blob.data.length >= MIN_SPLIT_BYTES ? splitJsonArray(blob.data) : null));
  const byHash = new Map<string, Buffer>();
  const hashesOf = split.map((elements) =>
    elements?.map((element) => {
      const hash = createHash('sha256').update(element).digest('hex');
      byHash.set(hash, element);
      return hash;
    }),
  );
  // Elements the parent's values already hold (most of a conversation) need no trip to the database.
  const unknown = new Map([...byHash].filter(([hash]) => !known.has(hash)));
  const ids = new Map([...known, ...(unknown.size > 0 ? await elementIds(sql, workflowId, unknown) : [])]);
  return blobs.map((blob, i) =>
    hashesOf[i] ? { data: null, elements: hashesOf[i]!.map((hash) => ids.get(hash)!) } : { data: blob.data, elements: null },
  );
}

async function elementIds(sql: Sql, workflowId: string, byHash: Map<string, Buffer>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const remember = (rows: { id: string; content_hash: Buffer }[]) => rows.forEach((row) => ids.set(row.content_hash.toString('hex'), String(row.id)));
  const hashes = [...byHash.keys()];
  // The elements travel as one binary parameter cut up in SQL by their lengths: an array of bytea
  // would be sent as hex text, twice the size, and a large list must not need that much memory.
  const datas = hashes.map((hash) => byHash.get(hash)!);
  remember(
    await sql.query<{ id: string; content_hash: Buffer }>(
      `WITH wanted AS (
         SELECT w.hash, substring($3::bytea FROM w.start FOR w.length) AS data
         FROM unnest($2::bytea[], $4::int[], $5::int[]) AS w(hash, start, length)),
       found AS (SELECT e.id, e.content_hash FROM ${ELEMENTS} e WHERE e.workflow_id = $1 AND e.content_hash = ANY($2::bytea[])),
       inserted AS (
         INSERT INTO ${ELEMENTS} (workflow_id, content_hash, data)
         SELECT $1, w.hash, w.data FROM wanted w WHERE w.hash NOT IN (SELECT content_hash FROM found)
         ON CONFLICT (workflow_id, content_hash) DO NOTHING
         RETURNING id, content_hash)
       SELECT id, content_hash FROM found UNION ALL SELECT id, content_hash FROM inserted`,
      [workflowId, hashes.map((hash) => Buffer.from(hash, 'hex')), Buffer.concat(datas), starts(datas), datas.map((data) => data.length)],
    ),
  );
  // Inserted meanwhile by a concurrent write of the same workflow: committed, so visible now.
  const raced = hashes.filter((hash) => !ids.has(hash));
  if (raced.length > 0) {
    remember(
      await sql.query<{ id: string; content_hash: Buffer }>(`SELECT id, content_hash FROM ${ELEMENTS} WHERE workflow_id = $1 AND content_hash = ANY($2::bytea[])`, [
        workflowId,
        raced.map((hash) => Buffer.from(hash, 'hex')),
      ]),
    );
  }
  return ids;
}

/** 1-based offsets of each part in their concatenation, as SQL's substring counts. */
function starts(parts: Buffer[]): number[] {
  let offset = 1;
  return parts.map((part) => {
    const start = offset;
    offset += part.length;
    return start;
  });
}
