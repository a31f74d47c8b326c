import type { Db } from '../../db/database.ts';
import { hmacSha256, safeEqual } from '../../kit/crypto.ts';
import { derivationSecret } from '../../secrets/derived-token.ts';

/**
 * The test gateway's challenge links: `<publicUrl>/test-challenge/<charge ref>/<token>`, the
 * token HMAC-SHA256(server secret, ref) in base64url. Derived, never stored, so a copy of the
 * database opens no challenge. The processor gets the secret in its deps (it does no I/O).
 */

export const challengeSecret = (db: Db): Promise<string> => derivationSecret(db, 'test_challenges');

export const challengeToken = (secret: string, ref: string): string => hmacSha256(secret, `test-challenge:${ref}`).toString('base64url');

export const challengeUrl = (publicUrl: string, secret: string, ref: string): string => `${publicUrl}/test-challenge/${ref}/${challengeToken(secret, ref)}`;

export const challengeTokenValid = (secret: string, ref: string, token: string): boolean => safeEqual(challengeToken(secret, ref), token);
