import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { hmacSha256 } from '../kit/crypto.ts';
import { serverSecret } from './repository.ts';

// One read of each secret per database handle (a request's transaction is its own handle).
const secrets = new WeakMap<Db, Map<string, Promise<string>>>();

function secretOf(db: Db, purpose: string): Promise<string> {
  let byPurpose = secrets.get(db);
  if (!byPurpose) secrets.set(db, (byPurpose = new Map()));
  let secret = byPurpose.get(purpose);
  if (!secret) {
    secret = serverSecret(db, purpose, () => randomBytes(32).toString('base64url'));
    byPurpose.set(purpose, secret);
  }
  return secret;
}

/**
 * A token derived from a value (HMAC-SHA256 under the server secret of `purpose`, 256 bits,
 * base64url): the same on every read and after a restart, and never stored, so a copy of the
 * database reveals none. The secret lives sealed in `server_secrets`.
 */
export async function derivedToken(db: Db, purpose: string, value: string): Promise<string> {
  return hmacSha256(await secretOf(db, purpose), value).toString('base64url');
}

/** The server secret of a purpose, for code that derives its tokens without database access. */
export const derivationSecret = secretOf;
