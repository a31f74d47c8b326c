import { int, str } from './params.ts';
import { BursarError } from '../kit/errors.ts';

export const pageParams = {
  limit: int({ min: 1, max: 100 }).optional(),
  starting_after: str(255).optional(),
  ending_before: str(255).optional(),
};

export interface Page {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export function listObject<T>(url: string, data: T[], hasMore: boolean): ListObject<T> {
  return { object: 'list', data, has_more: hasMore, url };
}

/**
 * One page of a list held whole in memory (an invoice's lines), by the same cursor rules as
 * the stored lists: after `starting_after`, or the `limit` just before `ending_before`. A
 * cursor that names no item of the list is refused, naming its parameter.
 */
export function pageInMemory<T extends { id: string }>(items: readonly T[], page: Page, defaultLimit = 10): { data: T[]; hasMore: boolean } {
  const limit = page.limit ?? defaultLimit;
  const at = (param: 'starting_after' | 'ending_before', id: string) => {
    const i = items.findIndex((item) => item.id === id);
    if (i === -1) throw BursarError.invalid(`${param} does not name an item of this list: ${id}`, param);
    return i;
  };
  if (page.ending_before !== undefined) {
    const end = at('ending_before', page.ending_before);
    const start = Math.max(0, end - limit);
    return { data: items.slice(start, end), hasMore: start > 0 };
  }
  const start = page.starting_after !== undefined ? at('starting_after', page.starting_after) + 1 : 0;
  return { data: items.slice(start, start + limit), hasMore: start + limit < items.length };
}
