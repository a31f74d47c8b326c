import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// CSPRNG bytes drawn 4 KiB at a time: each draw costs system calls, and every request
// needs an id. Each byte is used once.
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++];
}

/** Uniform string over `alphabet` from a CSPRNG (rejection sampling keeps it unbiased). */
function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < limit) out += alphabet[byte % alphabet.length];
  }
  return out;
}

export function randomBase62(length: number): string {
  return randomString(length, ALPHABET);
}

/** A code a person types (promotion codes): uppercase letters and digits. */
export function randomCode(length: number): string {
  return randomString(length, ALPHABET.slice(0, 36));
}

/** Stripe-style object id: `cus_` + 24 base62 chars (~142 bits). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** A secret token of `bytes` random bytes, base64url (≥128 bits by default). */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
