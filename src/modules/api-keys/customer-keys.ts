import type { Ctx, Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { sha256Hex } from '../../kit/crypto.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId, randomBase62 } from '../../kit/ids.ts';
import { requireCustomer } from '../customers/service.ts';
import { findCustomerKeyByHash, insertCustomerKey, listCustomerKeys, revokeCustomerKey, type CustomerKeyRow } from './repository.ts';
import { listObject, type Page } from '../../api/list.ts';

// Keys an app hands to one customer's account: they open that customer's app endpoints and
// nothing of the API (secret keys start with sk_, these with ck_). Stored as SHA-256 only.

const prefixFor = (livemode: boolean) => (livemode ? 'ck_live_' : 'ck_test_');
export const CUSTOMER_KEY = /^ck_(test|live)_[0-9A-Za-z]{40}$/;

function toObject(row: CustomerKeyRow) {
  const livemode = row.livemode === 1;
  return {
    id: row.id,
    object: 'customer_api_key' as const,
    created: row.created,
    customer: row.customer,
    livemode,
    redacted: `${prefixFor(livemode)}…${row.last4}`,
    revoked_at: row.revoked_at,
  };
}

export type CustomerKeyObject = ReturnType<typeof toObject> & { secret?: string };

/** Issues a key for one customer of the caller's scope; the secret is in this answer only. */
export async function createCustomerKey(ctx: Ctx, customer: string): Promise<CustomerKeyObject> {
  await requireCustomer(ctx, customer, 'customer');
  const secret = prefixFor(ctx.scope.livemode) + randomBase62(40);
  const row = await insertCustomerKey(ctx.db, {
    id: newId('ckey'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    customer,
    secret_hash: sha256Hex(secret),
    last4: secret.slice(-4),
    created: ctx.clock.now(),
    revoked_at: null,
  });
  return { ...toObject(row), secret };
}

export async function listCustomerApiKeys(ctx: Ctx, page: Page, customer?: string) {
  const { rows, hasMore } = await listCustomerKeys(ctx.db, ctx.scope, page, customer);
  return listObject('/v1/customer_api_keys', rows.map(toObject), hasMore);
}

export async function revokeCustomerApiKey(ctx: Ctx, id: string): Promise<{ id: string; object: 'customer_api_key'; deleted: true }> {
  if (!(await revokeCustomerKey(ctx.db, ctx.scope.projectId, ctx.scope.livemode ? 1 : 0, id, ctx.clock.now()))) {
    throw BursarError.notFound('customer_api_key', id);
  }
  return { id, object: 'customer_api_key', deleted: true };
}

/** The scope and customer an unrevoked customer key stands for, or null. */
export async function customerOfKey(db: Db, secret: string): Promise<{ scope: Scope; customer: string } | null> {
  if (!CUSTOMER_KEY.test(secret)) return null;
  const row = await findCustomerKeyByHash(db, sha256Hex(secret));
  if (!row || row.revoked_at !== null) return null;
  return { scope: { projectId: row.project_id, livemode: row.livemode === 1 }, customer: row.customer };
}
