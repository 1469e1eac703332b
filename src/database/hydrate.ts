import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * An entity made from a row that plain SQL fetched (a select list from columnsOf), by the entity's
 * own column mapping: the request path reads with prepared statements (sql.ts) and still hands
 * entities on. Values come as the pg driver parses them, which is what TypeORM would give for these
 * columns. `prefix` names the row's columns when two entities share the row (see columnsOf).
 */
export function hydrate<T extends ObjectLiteral>(repository: Repository<T>, row: Record<string, unknown>, prefix = ''): T {
  const entity = repository.create();
  for (const column of repository.metadata.columns) {
    const key = prefix + column.databaseName;
    if (Object.hasOwn(row, key)) (entity as Record<string, unknown>)[column.propertyName] = row[key];
  }
  return entity;
}

/**
 * The entity's columns for a select list (`w.id, w.project_id, …`; with a prefix `t.id AS token_id,
 * …`). Named rather than `w.*`: a prepared statement whose row type changed under it (a later
 * migration adding a column, while this version still runs) fails instead of re-planning.
 */
export function columnsOf(repository: Repository<ObjectLiteral>, alias: string, prefix = ''): string {
  return repository.metadata.columns
    .map((column) => `${alias}.${column.databaseName}${prefix ? ` AS ${prefix}${column.databaseName}` : ''}`)
    .join(', ');
}
