import type { Request, Response } from 'express';
import type { Page } from './page.js';

/** Sets GitLab's pagination headers (X-Page, X-Next-Page, …, Link) for a page of results. */
export function setPaginationHeaders(request: Request, response: Response, page: Page<unknown>): void {
  const link = (params: Record<string, string>, rel: string) => `<${urlWith(request, params)}>; rel="${rel}"`;
  const info = page.info;
  if (info.kind === 'keyset') {
    response.setHeader('X-Per-Page', String(info.perPage));
    if (info.next) response.setHeader('Link', link(info.next, 'next'));
    return;
  }
  const links: string[] = [];
  const totalPages = info.total === undefined ? undefined : Math.max(1, Math.ceil(info.total / info.perPage));
  response.setHeader('X-Page', String(info.page));
  response.setHeader('X-Per-Page', String(info.perPage));
  response.setHeader('X-Next-Page', info.hasNext ? String(info.page + 1) : '');
  response.setHeader('X-Prev-Page', info.page > 1 ? String(info.page - 1) : '');
  if (info.page > 1) links.push(link({ page: String(info.page - 1) }, 'prev'));
  if (info.hasNext) links.push(link({ page: String(info.page + 1) }, 'next'));
  links.push(link({ page: '1' }, 'first'));
  if (info.total !== undefined && totalPages !== undefined) {
    response.setHeader('X-Total', String(info.total));
    response.setHeader('X-Total-Pages', String(totalPages));
    links.push(link({ page: String(totalPages) }, 'last'));
  }
  response.setHeader('Link', links.join(', '));
}

function urlWith(request: Request, params: Record<string, string>): string {
  const url = new URL(request.originalUrl, `${request.protocol}://${request.get('host') ?? 'localhost'}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}
