import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { hmacSha256, safeEqual } from '../../kit/crypto.ts';
import { serverSecret } from '../../secrets/repository.ts';

/**
 * The test gateway's challenge links: `<publicUrl>/test-challenge/<charge ref>/<token>`, the
 * token HMAC-SHA256(server secret, ref) in base64url. Derived, never stored, so a copy of the
 * database opens no challenge; the secret lives sealed in `server_secrets`.
 */

// One read of the secret per database handle (a request's transaction is its own handle).
const secrets = new WeakMap<Db, Promise<string>>();

export function challengeSecret(db: Db): Promise<string> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = serverSecret(db, 'test_challenges', () => randomBytes(32).toString('base64url'));
    secrets.set(db, secret);
  }
  return secret;
}

export const challengeToken = (secret: string, ref: string): string => hmacSha256(secret, `test-challenge:${ref}`).toString('base64url');

export const challengeUrl = (publicUrl: string, secret: string, ref: string): string => `${publicUrl}/test-challenge/${ref}/${challengeToken(secret, ref)}`;

export const challengeTokenValid = (secret: string, ref: string, token: string): boolean => safeEqual(challengeToken(secret, ref), token);
