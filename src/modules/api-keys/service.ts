import { changeGeneration, type Db } from '../../db/database.ts';
import type { Scope } from '../../context.ts';
import type { Clock } from '../../kit/clock.ts';
import { sha256Hex } from '../../kit/crypto.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId, randomBase62 } from '../../kit/ids.ts';
import { cachedKey } from './key-cache.ts';
import { findKeyByHash, insertKey, listKeys, revokeKey, revokeKeysNamed } from './repository.ts';

export interface ApiKeyInfo {
  id: string;
  project_id: string;
  mode: 'test' | 'live';
  name: string | null;
  /** The key as it can be shown after creation: prefix and last four characters. */
  redacted: string;
  created: number;
  revoked_at: number | null;
}

const prefixFor = (livemode: boolean) => (livemode ? 'sk_live_' : 'sk_test_');

function redact(livemode: boolean, last4: string): string {
  return `${prefixFor(livemode)}…${last4}`;
}

/** Creates a secret key; the secret is returned here once and only its hash is stored. */
export async function createKey(
  db: Db,
  clock: Clock,
  input: { projectId: string; livemode: boolean; name?: string | null },
): Promise<ApiKeyInfo & { secret: string }> {
  // 40 base62 chars ≈ 238 bits from the CSPRNG.
  const secret = prefixFor(input.livemode) + randomBase62(40);
  const row = {
    id: newId('key'),
    project_id: input.projectId,
    livemode: input.livemode ? 1 : 0,
    secret_hash: sha256Hex(secret),
    last4: secret.slice(-4),
    name: input.name ?? null,
    created: clock.now(),
    revoked_at: null,
  };
  await insertKey(db, row);
  return { ...info(row), secret };
}

function info(row: Awaited<ReturnType<typeof listKeys>>[number]): ApiKeyInfo {
  const livemode = row.livemode === 1;
  return {
    id: row.id,
    project_id: row.project_id,
    mode: livemode ? 'live' : 'test',
    name: row.name,
    redacted: redact(livemode, row.last4),
    created: row.created,
    revoked_at: row.revoked_at,
  };
}

export async function listApiKeys(db: Db, projectId?: string): Promise<ApiKeyInfo[]> {
  return (await listKeys(db, projectId)).map(info);
}

export async function revokeApiKey(db: Db, clock: Clock, id: string): Promise<void> {
  const revoked = await revokeKey(db, id, clock.now());
  if (!revoked) throw BursarError.notFound('active API key', id);
}

export async function revokeApiKeysNamed(db: Db, clock: Clock, projectId: string, name: string): Promise<void> {
  await revokeKeysNamed(db, projectId, name, clock.now());
}

function masked(secret: string): string {
  const prefix = secret.match(/^[a-z]{2}_(test|live)_/)?.[0] ?? '';
  const rest = secret.slice(prefix.length);
  return `${prefix}${'*'.repeat(Math.max(0, Math.min(rest.length - 4, 24)))}${rest.slice(-4)}`;
}

/** Resolves a secret key to the scope it grants, with Stripe's 401 messages otherwise. */
export async function authenticate(db: Db, secret: string, generation: number | null = changeGeneration(db)): Promise<Scope> {
  if (!/^sk_(test|live)_/.test(secret)) {
    throw BursarError.unauthorized(`Invalid API Key provided: ${masked(secret)}`);
  }
  const hash = sha256Hex(secret);
  const row = await cachedKey(db, generation, hash, () => findKeyByHash(db, hash));
  if (!row) throw BursarError.unauthorized(`Invalid API Key provided: ${masked(secret)}`);
  if (row.revoked_at !== null) {
    throw BursarError.unauthorized(`Expired API Key provided: ${masked(secret)}`, 'api_key_expired');
  }
  return { projectId: row.project_id, livemode: row.livemode === 1 };
}
