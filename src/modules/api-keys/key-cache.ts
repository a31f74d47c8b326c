import { externalChangeCounter, type Db } from '../../db/database.ts';
import type { ApiKeysTable } from '../../db/schema.ts';

// Every API request looks its key up. Where the engine tells cheaply whether another
// connection has committed since (SQLite's data_version), a looked-up key is reused until
// then; revocations made in this process bump `localRevocations`. So a revoked key stops
// working on the very next request, from whichever process revoked it.

const MAX_ENTRIES = 10_000;
let localRevocations = 0;

interface Generation {
  dataVersion: number;
  revocations: number;
  keys: Map<string, ApiKeysTable>;
}
const generations = new WeakMap<Db, Generation>();

/**
 * Call once this process has revoked a key. Inside a transaction that is still safe: SQLite
 * runs on one connection, so a lookup made meanwhile waits for the commit and reads it.
 */
export function forgetCachedKeys(): void {
  localRevocations++;
}

/** The key row with this secret hash: from the cache when nothing can have changed, else from `lookup`. */
export async function cachedKey(
  db: Db,
  secretHash: string,
  lookup: () => Promise<ApiKeysTable | undefined>,
): Promise<ApiKeysTable | undefined> {
  const counter = externalChangeCounter(db);
  if (!counter) return lookup();
  // Read before the lookup: a change after this point leaves the entry under an outdated version.
  const dataVersion = counter();
  let generation = generations.get(db);
  if (generation?.dataVersion !== dataVersion || generation.revocations !== localRevocations) {
    generation = { dataVersion, revocations: localRevocations, keys: new Map() };
    generations.set(db, generation);
  }
  const hit = generation.keys.get(secretHash);
  if (hit) return hit;
  const row = await lookup();
  if (row) {
    if (generation.keys.size >= MAX_ENTRIES) generation.keys.clear();
    generation.keys.set(secretHash, row);
  }
  return row;
}
