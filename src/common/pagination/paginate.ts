import { MAX_COUNTED_TOTAL, Page } from './page.js';
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { pageWindow, type OffsetPaginationQueryDto, type PaginationQueryDto } from './pagination-query.dto.js';

export type PageSource<T> = {
  /** Rows in order; in keyset mode the caller's query already applies the cursor, and offset is 0. */
  fetch(limit: number, offset: number): Promise<T[]>;
  /** How many rows there are, counting no further than `cap`. */
  count(cap: number): Promise<number>;
  /** The query parameters that continue after `last` (keyset mode). */
  cursorAfter(last: T): Record<string, string>;
};

/**
 * GitLab's two pagination modes over one source. One row past the page tells whether there is a
 * next page; totals are counted up to MAX_COUNTED_TOTAL only, so a page costs the same however
 * large the table is.
 */
export async function paginate<T>(query: PaginationQueryDto | OffsetPaginationQueryDto, source: PageSource<T>): Promise<Page<T>> {
  const { page, perPage, offset } = pageWindow(query);
  if ('pagination' in query && query.pagination === 'keyset') {
    const rows = await source.fetch(perPage + 1, 0);
    const items = rows.slice(0, perPage);
    const next = rows.length > perPage ? { ...source.cursorAfter(items[items.length - 1]), pagination: 'keyset' } : undefined;
    return new Page(items, { kind: 'keyset', perPage, next });
  }
  const [rows, counted] = await Promise.all([source.fetch(perPage + 1, offset), source.count(MAX_COUNTED_TOTAL + 1)]);
  const total = counted > MAX_COUNTED_TOTAL ? undefined : counted;
  return new Page(rows.slice(0, perPage), { kind: 'offset', page, perPage, hasNext: rows.length > perPage, total });
}

/** A TypeORM query as a page source; `cursorAfter` is only used in keyset mode. */
export function queryPageSource<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, cursorAfter: (last: T) => Record<string, string> = () => ({})): PageSource<T> {
  return {
    fetch: (limit, offset) => builder.clone().skip(offset).take(limit).getMany(),
    // Counted in the database: only the number comes back, not up to `cap` rows.
    count: async (cap) => {
      const [sql, parameters] = builder.clone().select('1').limit(cap).getQueryAndParameters();
      const [{ n }] = await builder.connection.query(`SELECT count(*) AS n FROM (${sql}) capped`, parameters);
      return Number(n);
    },
    cursorAfter,
  };
}
