import { Sql } from '../../src/database/sql.js';
import type { TestApp } from './test-app.js';

/**
 * What `run` returns, with the text of every statement the app sent through Sql meanwhile —
 * every statement of the request path (the token lookup, the policies, reads and writes) does.
 */
export async function recordStatements<T>(t: TestApp, run: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const sql = t.app.get(Sql);
  const texts: string[] = [];
  const query = sql.query;
  sql.query = ((text: string, params?: unknown[]) => {
    texts.push(text);
    return query.call(sql, text, params);
  }) as typeof query;
  try {
    return { result: await run(), texts };
  } finally {
    sql.query = query;
  }
}
