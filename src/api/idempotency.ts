import type { Ctx } from '../context.ts';
import { canonicalJson } from '../kit/json.ts';
import { sha256Hex } from '../kit/crypto.ts';
import { BursarError } from '../kit/errors.ts';
import { completeKey, deleteKey, findKey, insertClaim, purgeKeys, retakeClaim } from './idempotency-repository.ts';

/** Stored responses are replayed for 24 hours, as Stripe does. */
export const KEY_TTL_SECONDS = 24 * 60 * 60;
/** A pending claim older than this belongs to a request that died; its transaction never committed. */
const LEASE_SECONDS = 60;
const MAX_KEY_LENGTH = 255;

export interface StoredResponse {
  status: number;
  body: string;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse };

export function requestHash(method: string, path: string, params: unknown): string {
  return sha256Hex(`${method} ${path} ${canonicalJson(params)}`);
}

/**
 * Claims an idempotency key before the request runs. The claim commits on its own, so a
 * concurrent duplicate sees it and gets a 409; the stored response is written in the
 * request's own transaction, so a claim left pending means nothing was committed.
 */
export async function claimKey(ctx: Ctx, key: string, hash: string): Promise<Claim> {
  if (key.length > MAX_KEY_LENGTH) {
    throw BursarError.invalid(`Idempotency-Key is too long: the limit is ${MAX_KEY_LENGTH} characters.`, 'Idempotency-Key');
  }
  const now = ctx.clock.now();
  const lockedUntil = now + LEASE_SECONDS;
  if (await insertClaim(ctx.db, ctx.scope, key, hash, now, lockedUntil)) return { kind: 'claimed' };
  const row = await findKey(ctx.db, ctx.scope, key);
  if (!row || (await retakeClaim(ctx.db, ctx.scope, key, hash, now, lockedUntil, now - KEY_TTL_SECONDS))) {
    return row ? { kind: 'claimed' } : claimKey(ctx, key, hash);
  }
  if (row.request_hash !== hash) {
    throw BursarError.idempotency(
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  }
  if (row.status !== 'done') {
    throw BursarError.idempotency(
      `There is currently another in-progress request using this Idempotency Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      409,
      'idempotency_key_in_use',
    );
  }
  return { kind: 'replay', response: { status: row.response_status!, body: row.response_body! } };
}

export async function completeClaim(ctx: Ctx, key: string, response: StoredResponse): Promise<void> {
  await completeKey(ctx.db, ctx.scope, key, response.status, response.body);
}

/** Frees a claim after a server fault so the client's retry runs afresh. */
export async function releaseClaim(ctx: Ctx, key: string): Promise<void> {
  await deleteKey(ctx.db, ctx.scope, key);
}

export async function purgeExpiredKeys(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  return purgeKeys(ctx.db, ctx.clock.now() - KEY_TTL_SECONDS);
}
