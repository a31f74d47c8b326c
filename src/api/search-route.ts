import * as z from 'zod';
import type { Ctx } from '../context.ts';
import { defineRoute } from './route.ts';
import { int, str } from './params.ts';
import { parseSearchQuery, type SearchFields } from '../search/query.ts';
import { decodePage, searchResult, type SearchFound, type SearchRequest } from '../search/page.ts';

export const searchParams = z.strictObject({
  query: str(5000),
  limit: int({ min: 1, max: 100 }).optional(),
  page: str(500).optional(),
});

interface SearchRouteOptions<T> {
  /** The collection searched, as in its path and in errors: `customers`. */
  resource: string;
  /** The object type found. */
  type: string;
  tag: string;
  fields: SearchFields;
  search(ctx: Ctx, request: SearchRequest): Promise<SearchFound<T>>;
}

/** `GET /v1/<resource>/search`: Stripe's search query language over one resource, a page at a time. */
export function searchRoute<T>(options: SearchRouteOptions<T>) {
  const url = `/v1/${options.resource}/search`;
  return defineRoute({
    method: 'GET',
    path: url,
    returns: { search: options.type },
    tag: options.tag,
    summary: `Search ${options.resource} with Stripe's search query language (fields: ${Object.keys(options.fields).join(', ')})`,
    params: searchParams,
    handle: async (ctx, p) => {
      const query = parseSearchQuery(p.query, options.fields, options.resource);
      const after = p.page === undefined ? undefined : decodePage(p.query, p.page);
      const count = (p as { expand?: string[] }).expand?.includes('total_count') ?? false;
      return searchResult(url, p.query, await options.search(ctx, { query, limit: p.limit, after, count }));
    },
  });
}
