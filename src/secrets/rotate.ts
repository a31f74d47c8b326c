import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { keyringOf } from './at-rest.ts';
import { countSecretsOutside, dropKeyChecksBut, resealSecrets } from './repository.ts';
import { isSealed, openSecret, sealSecret } from './seal.ts';

export interface Rotation {
  /** The key every stored secret is now sealed under. */
  key: string;
  /** Secrets re-sealed, by table. */
  resealed: Record<string, number>;
  /** Secrets still under another key: written meanwhile by a process not given the new one. */
  left: number;
  /** Keys no secret is sealed under any more: the database forgets them. */
  retired: string[];
}

/**
 * Re-seals every stored secret not yet under the current key. Safe to run again, and beside
 * running processes: a row changes only if it still holds what was read. An old key is
 * forgotten only once no secret is left under it, so a process given only that key then
 * refuses to start instead of failing to sign.
 */
export async function rotateSecrets(db: Kysely<Database>): Promise<Rotation> {
  const ring = keyringOf(db);
  const current = `v1:${ring.current.id}:`;
  const resealed = await resealSecrets(db, current, (value) => sealSecret(ring, isSealed(value) ? openSecret(ring, value) : value));
  const left = await countSecretsOutside(db, current);
  const retired = left === 0 ? await dropKeyChecksBut(db, ring.current.id) : [];
  return { key: ring.current.id, resealed, left, retired };
}
