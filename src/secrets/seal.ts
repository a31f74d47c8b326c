import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BursarError } from '../kit/errors.ts';
import type { Keyring } from './keys.ts';

// "v1:<key id>:<nonce>:<ciphertext and tag>", base64url: AES-256-GCM with a random 96-bit
// nonce per value. The key id lets values sealed under an older key open during a rotation.
const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^v1:([0-9a-f]{12}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

export function sealSecret(ring: Keyring, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, ring.current.id, nonce.toString('base64url'), body.toString('base64url')].join(':');
}

export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** The plaintext of a sealed value; refuses one that was changed (the GCM tag) or whose key is not in the ring. */
export function openSecret(ring: Keyring, sealed: string): string {
  const parts = SEALED.exec(sealed);
  if (!parts) throw BursarError.internal('A stored secret is not a sealed value.');
  const [, id, nonce, body] = parts as unknown as [string, string, string, string];
  const key = ring.byId.get(id);
  if (!key) throw BursarError.internal(`A stored secret is sealed under key ${id}, which is not configured (BURSAR_SECRET_KEY, BURSAR_SECRET_KEYS_OLD).`);
  const bytes = Buffer.from(body, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(nonce, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw BursarError.internal(`A stored secret sealed under key ${id} could not be opened: it was changed, or the key is not the one it was sealed with.`);
  }
}
