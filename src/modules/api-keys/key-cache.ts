import type { Db } from '../../db/database.ts';
import { GenerationCache } from '../../db/generation-cache.ts';
import type { ApiKeysTable } from '../../db/schema.ts';

// Every API request looks its key up. Where the engine has a change generation (SQLite), a
// looked-up key is reused until anything is written, by this process or another (e.g.
// `bursar keys revoke`): a revoked key stops working on the very next request.

const MAX_ENTRIES = 10_000;
const caches = new WeakMap<Db, GenerationCache<ApiKeysTable>>();

/** The key row with this secret hash: from the cache while `generation` holds, else from `lookup`. */
export async function cachedKey(
  db: Db,
  generation: number | null,
  secretHash: string,
  lookup: () => Promise<ApiKeysTable | undefined>,
): Promise<ApiKeysTable | undefined> {
  if (generation === null) return lookup();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new GenerationCache(MAX_ENTRIES)));
  const hit = cache.get(generation, secretHash);
  if (hit) return hit;
  const row = await lookup();
  if (row) cache.set(generation, secretHash, row);
  return row;
}
