import { int, str } from './params.ts';

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
