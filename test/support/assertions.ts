import assert from 'node:assert/strict';
import type { Db } from '../../src/db/database.ts';
import type { CallResult, TestApi, CallOptions } from './api.ts';

export interface ExpectedError {
  status: number;
  type: string;
  message: string | RegExp;
  /** Present exactly when Stripe sends one; omitted means the response must not have it. */
  code?: string;
  param?: string;
  decline_code?: string;
  [extra: string]: unknown;
}

/** The response is exactly this Stripe error envelope: no field missing, none extra. */
export function assertApiError(res: CallResult, expected: ExpectedError): void {
  const { status, message, ...fields } = expected;
  assert.equal(res.status, status, `status of ${JSON.stringify(res.body)}`);
  assert.deepEqual(Object.keys(res.body), ['error']);
  const { message: actual, ...actualFields } = res.body.error;
  if (typeof message === 'string') assert.equal(actual, message);
  else assert.match(actual, message);
  assert.deepEqual(actualFields, fields);
}

/** Every table a request can write to, and how many rows each holds. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = ['customers', 'payment_methods', 'products', 'prices', 'coupons', 'promotion_codes', 'tax_rates', 'events', 'idempotency_keys', 'invoice_items', 'invoices', 'payment_intents', 'charges', 'subscriptions', 'subscription_items', 'webhook_endpoints', 'webhook_deliveries', 'webhook_attempts'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Sends a request that must be refused with this error and must leave every table as it was. */
export async function expectRejected(
  api: TestApi,
  method: string,
  path: string,
  options: CallOptions,
  expected: ExpectedError,
): Promise<CallResult> {
  const before = await rowCounts(api.storage.db);
  const res = await api.call(method, path, options);
  assertApiError(res, expected);
  assert.deepEqual(await rowCounts(api.storage.db), before, `${method} ${path} was refused yet wrote rows`);
  return res;
}
