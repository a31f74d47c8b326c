import type { Ctx } from '../context.ts';
import { BursarError } from '../kit/errors.ts';

export type ApiObject = { readonly object: string };
export type Loader = (ctx: Ctx, id: string) => Promise<ApiObject>;

/**
 * What can be expanded: per object type, the (possibly dotted) fields holding an id
 * and the object type each one names; and how to load each object type by id.
 */
export interface ExpandRegistry {
  fields: Record<string, Record<string, string>>;
  loaders: Record<string, Loader>;
  /**
   * Fields whose expansion is made from the object's id, by `<object type>.<field>`: those an
   * object shows only when expanded (Stripe's "includable" ones, such as `invoice.payments`),
   * and lists of objects that have no id of their own to load by (`subscription.discounts`).
   */
  includes?: Record<string, (ctx: Ctx, id: string) => Promise<unknown>>;
}

const MAX_DEPTH = 4;

/** A registry entry by name, its own only: `constructor` or `__proto__` name nothing. */
const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

function cannotExpand(path: string): BursarError {
  return BursarError.invalid(`This property cannot be expanded (${path}).`, 'expand');
}

async function expandPath(ctx: Ctx, registry: ExpandRegistry, value: unknown, segments: string[], path: string): Promise<unknown> {
  if (segments.length === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // Objects in a plain array (expanded `discounts`): each one expanded further.
    for (let i = 0; i < value.length; i++) value[i] = await expandPath(ctx, registry, value[i], segments, path);
    return value;
  }
  const obj = value as Record<string, unknown> & ApiObject;
  // A search's total_count is counted by the search itself when asked for.
  if (obj.object === 'search_result' && path === 'total_count') return obj;
  if (obj.object === 'list' || obj.object === 'search_result') {
    if (segments[0] !== 'data') throw cannotExpand(path);
    const data = obj.data as unknown[];
    for (let i = 0; i < data.length; i++) data[i] = await expandPath(ctx, registry, data[i], segments.slice(1), path);
    return obj;
  }
  const fields = own(registry.fields, obj.object) ?? {};
  // Fields may be dotted (`invoice_settings.default_payment_method`): take the longest match.
  for (let n = segments.length; n > 0; n--) {
    const field = segments.slice(0, n).join('.');
    const target = own(fields, field);
    if (!target) continue;
    const parentPath = segments.slice(0, n - 1);
    let parent: Record<string, unknown> | null = obj;
    for (const key of parentPath) parent = (parent?.[key] as Record<string, unknown> | null) ?? null;
    if (!parent) return obj;
    const key = segments[n - 1];
    const current = parent[key];
    const include = parentPath.length === 0 ? own(registry.includes ?? {}, `${obj.object}.${key}`) : undefined;
    const load = (id: string) => {
      const loader = own(registry.loaders, target);
      if (!loader) throw cannotExpand(path);
      return loader(ctx, id);
    };
    // Made once: a second path through the same field (discounts.a, discounts.b) expands what the first made.
    const made = current !== undefined && !(Array.isArray(current) && current.some((v) => typeof v === 'string'));
    if (include && !made) parent[key] = await include(ctx, (obj as unknown as { id: string }).id);
    else if (typeof current === 'string') parent[key] = await load(current);
    // A list of ids (`discounts`): each one expanded.
    else if (Array.isArray(current)) {
      const expanded = [];
      for (const v of current as unknown[]) expanded.push(typeof v === 'string' ? await load(v) : v);
      parent[key] = expanded;
    }
    parent[key] = await expandPath(ctx, registry, parent[key], segments.slice(n), path);
    return obj;
  }
  throw cannotExpand(path);
}

/** What a route answers with: an object type, or a list (or search result) of objects of a type. */
export type Returns = string | { list: string } | { search: string };

/** `data` of a list, at the top or inside (`lines.data.price`), leads into it and is no level of its own. */
function checkDepth(path: string, segments: string[]): void {
  if (segments.filter((s) => s !== 'data').length > MAX_DEPTH) {
    throw BursarError.invalid(`You cannot expand more than ${MAX_DEPTH} levels of a property (${path}).`, 'expand');
  }
}

/**
 * Checks `expand[]` against what a route returns, before the request runs: so a bad
 * path is refused even when there is nothing to expand (an empty list, a null field).
 */
export function checkExpandPaths(registry: ExpandRegistry, returns: Returns, paths: readonly string[] = []): void {
  const isList = typeof returns !== 'string';
  for (const path of paths) {
    let segments = path.split('.');
    checkDepth(path, segments);
    let type: string;
    if (isList) {
      if ('search' in returns && path === 'total_count') continue;
      if (segments[0] !== 'data') throw cannotExpand(path);
      segments = segments.slice(1);
      type = 'list' in returns ? returns.list : returns.search;
    } else {
      type = returns;
    }
    while (segments.length > 0) {
      const fields = own(registry.fields, type) ?? {};
      let n = segments.length;
      while (n > 0 && !own(fields, segments.slice(0, n).join('.'))) n--;
      if (n === 0) throw cannotExpand(path);
      type = own(fields, segments.slice(0, n).join('.'))!;
      segments = segments.slice(n);
    }
  }
}

/** Applies `expand[]` to a response, in place, as Stripe does (up to four levels). */
export async function expandObject(ctx: Ctx, registry: ExpandRegistry, value: ApiObject, paths: readonly string[] = []): Promise<ApiObject> {
  for (const path of paths) {
    const segments = path.split('.');
    checkDepth(path, segments);
    await expandPath(ctx, registry, value, segments, path);
  }
  return value;
}
