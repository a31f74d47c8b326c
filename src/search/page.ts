import { sha256Hex } from '../kit/crypto.ts';
import { BursarError } from '../kit/errors.ts';
import type { SearchQuery } from './query.ts';

/**
 * Where the next page of a search starts: after the row with this `seq` (results run newest
 * first), for this query only. Opaque to clients; a changed one only moves within the
 * caller's own results, since every search is scoped to its project and mode.
 */
export interface SearchCursor {
  afterSeq: number;
}

const fingerprint = (query: string) => sha256Hex(query).slice(0, 16);

export function encodePage(query: string, cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.afterSeq, fingerprint(query)])).toString('base64url');
}

/** The cursor a `page` names; a page from another query, or no page at all, is refused on `page`. */
export function decodePage(query: string, page: string): SearchCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(page, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !Number.isSafeInteger(decoded[0]) || typeof decoded[1] !== 'string') {
    throw BursarError.invalid(`Invalid page: ${JSON.stringify(page.slice(0, 100))} is not a page of search results. Pass the next_page of a previous search.`, 'page');
  }
  if (decoded[1] !== fingerprint(query)) {
    throw BursarError.invalid('This page belongs to another search query: pass the same query as the search whose next_page it was.', 'page');
  }
  return { afterSeq: decoded[0] };
}

export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  total_count?: number;
}

/** A search as a domain's repository runs it: the parsed query and where its page starts. */
export interface SearchRequest {
  query: SearchQuery;
  limit?: number | undefined;
  after?: SearchCursor | undefined;
  /** Count every match too (`expand[]=total_count`). */
  count: boolean;
}

/** One page a domain found: its objects, whether more match, the `seq` of its last row. */
export interface SearchFound<T> {
  data: T[];
  hasMore: boolean;
  lastSeq: number | null;
  total?: number | undefined;
}

/** Stripe's search_result envelope of a page; next_page continues the same query. */
export function searchResult<T>(url: string, query: string, found: SearchFound<T>): SearchResult<T> {
  const next = found.hasMore && found.lastSeq !== null ? encodePage(query, { afterSeq: found.lastSeq }) : null;
  const result: SearchResult<T> = { object: 'search_result', data: found.data, has_more: next !== null, next_page: next, url };
  if (found.total !== undefined) result.total_count = found.total;
  return result;
}

/** A page of rows a repository found, as objects (mapped one by one, in order). */
export async function foundOf<R extends { seq: number }, T>(page: { rows: R[]; hasMore: boolean; total?: number | undefined }, toObject: (row: R) => T | Promise<T>): Promise<SearchFound<T>> {
  const data: T[] = [];
  for (const row of page.rows) data.push(await toObject(row));
  return { data, hasMore: page.hasMore, lastSeq: page.rows.at(-1)?.seq ?? null, total: page.total };
}
