import type { HttpClient } from './http-client.js';

export const MAX_PER_PAGE = 100;

/**
 * Items of a keyset-paginated listing, fetched a page at a time as the consumer asks for more and
 * stopping after `limit`. The next page is the `rel="next"` link's query applied to our own base
 * URL, so the cursor is the server's and a proxy that rewrites hosts does not matter.
 */
export async function* keysetItems<T>(http: HttpClient, path: string, query: Record<string, string | undefined>, limit?: number): AsyncGenerator<T> {
  let remaining = limit ?? Infinity;
  let params: URLSearchParams | undefined = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  params.set('pagination', 'keyset');
  while (params && remaining > 0) {
    params.set('per_page', String(Math.min(remaining, MAX_PER_PAGE)));
    const page = await http.request<T[]>('GET', path, { query: params, notFoundIsUndefined: true });
    // 404: the workflow is gone (deleted meanwhile), so there is nothing (more) to list.
    if (!page) return;
    const { body, headers } = page;
    for (const item of body.slice(0, remaining)) yield item;
    remaining -= body.length;
    params = nextPageQuery(headers.get('link'));
  }
}

/** The query of the `rel="next"` URL in a Link header (RFC 8288), if there is one. */
export function nextPageQuery(link: string | null): URLSearchParams | undefined {
  // Each link is `<url>; params`; `[^<]*` keeps a match inside one link, commas in URLs or not.
  for (const [, url, params] of link?.matchAll(/<([^>]*)>([^<]*)/g) ?? []) {
    if (/;\s*rel="?([^"]*\s)?next[\s";,]/.test(`${params};`)) return new URL(url, 'http://placeholder').searchParams;
  }
  return undefined;
}
