import type { Kysely } from 'kysely';
import { BursarError } from '../kit/errors.ts';
import type { Keyring } from './keys.ts';
import { openSecret, sealSecret } from './seal.ts';

// Keyed by the database's adapter: a transaction shares it with the Kysely it came from,
// so repositories seal and open with the keys of the storage their handle belongs to.
const rings = new WeakMap<object, Keyring>();

export function bindKeyring(db: Kysely<any>, ring: Keyring): void {
  rings.set(db.getExecutor().adapter, ring);
}

export function keyringOf(db: Kysely<any>): Keyring {
  const ring = rings.get(db.getExecutor().adapter);
  if (!ring) throw BursarError.internal('This database was opened without its secret keys.');
  return ring;
}

/** A secret as it is stored: sealed under the storage's current key. */
export const sealAtRest = (db: Kysely<any>, plaintext: string): string => sealSecret(keyringOf(db), plaintext);

export const openAtRest = (db: Kysely<any>, sealed: string): string => openSecret(keyringOf(db), sealed);
