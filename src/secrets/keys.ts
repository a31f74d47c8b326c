import { createHmac, randomBytes } from 'node:crypto';

/** A 256-bit master key and the short id sealed values name it by. */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** The key new values are sealed under, and every key values may still be sealed under. */
export interface Keyring {
  current: SecretKey;
  byId: ReadonlyMap<string, SecretKey>;
}

const KEY_BYTES = 32;

/** 32 bytes written in base64, base64url or hex; null for anything else. */
export function parseSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : null;
}

/** A fresh master key, in base64. */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

// Hex, so an id is the same in SQL comparisons on either engine and never a LIKE pattern.
const idOf = (key: Buffer) => createHmac('sha256', key).update('bursar secret key id').digest('hex').slice(0, 12);

/** Proves which key a database's values are sealed under without revealing it. */
export function keyCheck(key: SecretKey): string {
  return createHmac('sha256', key.key).update('bursar secret key check').digest('hex');
}

/** The ring of `keys`: the first is current, the others are older ones values may still be sealed under. */
export function keyring(keys: readonly Buffer[]): Keyring {
  if (keys.length === 0) throw new Error('A keyring needs at least one key.');
  const all = keys.map((key) => ({ id: idOf(key), key }));
  return { current: all[0]!, byId: new Map(all.map((k) => [k.id, k])) };
}
