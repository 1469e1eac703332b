import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * An entity made from a row that plain SQL fetched (`SELECT t.* …`), by the entity's own column
 * mapping: the request path reads with prepared statements (sql.ts) and still hands entities on.
 * Values come as the pg driver parses them, which is what TypeORM would give for these columns.
 */
export function hydrate<T extends ObjectLiteral>(repository: Repository<T>, row: Record<string, unknown>): T {
  const entity = repository.create();
  for (const column of repository.metadata.columns) {
    if (Object.hasOwn(row, column.databaseName)) (entity as Record<string, unknown>)[column.propertyName] = row[column.databaseName];
  }
  return entity;
}

/**
 * The entity's columns for a select list (`w.id, w.project_id, …`). Named rather than `w.*`: a
 * prepared statement whose row type changed under it (a later migration adding a column, while
 * this version still runs) fails instead of re-planning.
 */
export function columnsOf(repository: Repository<ObjectLiteral>, alias: string): string {
  return repository.metadata.columns.map((column) => `${alias}.${column.databaseName}`).join(', ');
}
