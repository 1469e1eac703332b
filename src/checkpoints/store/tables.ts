// Table names of the checkpoint store, in one place for the raw SQL in this folder.
export const CHECKPOINTS = 'duo_workflows_checkpoints';
export const BLOBS = 'duo_workflows_checkpoint_blobs';
export const WRITES = 'duo_workflows_checkpoint_writes';
export const ELEMENTS = 'duo_workflows_checkpoint_elements';

/**
 * A blob's bytes, whether stored whole or as element ids: `[` + the elements joined by `,` + `]`
 * (see json-array-elements.ts), assembled in the database so a read stays one query.
 */
export function blobDataSql(alias: string): string {
  return `CASE WHEN ${alias}.elements IS NULL THEN ${alias}.data ELSE '\\x5b'::bytea || coalesce((
      SELECT string_agg(e.data, '\\x2c'::bytea ORDER BY u.ord)
      FROM unnest(${alias}.elements) WITH ORDINALITY AS u(id, ord)
      JOIN ${ELEMENTS} e ON e.workflow_id = ${alias}.workflow_id AND e.id = u.id), ''::bytea) || '\\x5d'::bytea END`;
}

/** Base64 of a bytea expression in one line (PostgreSQL's encode() breaks it every 76 characters). */
export function base64Sql(bytes: string): string {
  return `replace(encode(${bytes}, 'base64'), E'\\n', '')`;
}

/** The workflow a checkpoint belongs to, as the store needs it. */
export type WorkflowKey = { id: string; projectId: string; userId: string };
