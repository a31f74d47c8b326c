import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { requireCustomer } from '../customers/service.ts';
import { recordEvent } from '../events/service.ts';
import { toTaxIdObject, type TaxIdObject } from './object.ts';
import { deleteTaxIdRow, findTaxId, insertTaxId, listTaxIdRows, taxIdsOfCustomer, type TaxIdRow } from './repository.ts';
import type { CreateTaxIdParams, TaxIdOwnerParam } from './schemas.ts';
import { normaliseTaxId, taxIdCountry, TAX_ID_TYPES } from './types.ts';

/** As Stripe allows: at most this many tax IDs per customer. */
export const MAX_TAX_IDS = 25;

/** A tax ID (of this customer, when given), or Stripe's 404 (another customer's looks like a missing one). */
async function requireTaxId(ctx: Ctx, customer: string | undefined, id: string): Promise<TaxIdRow> {
  const row = await findTaxId(ctx.db, ctx.scope, id);
  if (!row || (customer !== undefined && row.customer !== customer)) throw BursarError.notFound('tax_id', id, 'id');
  return row;
}

/**
 * Adds a tax ID to a customer: the value must have its type's format (spaces are removed
 * and letters upper-cased); the country comes from the type or, for eu_vat, the value's
 * prefix. Bursar verifies no number with a tax authority: verification.status is
 * `unavailable`. Event customer.tax_id.created.
 */
export async function createTaxId(ctx: Ctx, customerId: string, p: CreateTaxIdParams, customerParam = 'id'): Promise<TaxIdObject> {
  const customer = await requireCustomer(ctx, customerId, customerParam);
  const value = normaliseTaxId(p.value);
  const country = taxIdCountry(p.type, value);
  if (country === null) {
    throw BursarError.invalid(`Invalid value for ${p.type}: '${p.value}' is not a valid ${TAX_ID_TYPES[p.type].label} number.`, 'value', 'tax_id_invalid');
  }
  const existing = await taxIdsOfCustomer(ctx.db, ctx.scope, customer.id);
  if (existing.length >= MAX_TAX_IDS) throw BursarError.invalid(`A customer can have at most ${MAX_TAX_IDS} tax IDs.`, 'value');
  if (existing.some((t) => t.type === p.type && t.value === value)) throw BursarError.invalid(`This customer already has the ${p.type} ${value}.`, 'value', 'tax_id_duplicate');
  const row = await insertTaxId(ctx.db, {
    id: newId('txi'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    customer: customer.id,
    type: p.type,
    value,
    country,
    verification_status: 'unavailable',
  });
  const object = toTaxIdObject(row);
  await recordEvent(ctx, 'customer.tax_id.created', object);
  return object;
}

/** Adds the tax IDs a customer is created with (`tax_id_data`), in order; an error names its entry. */
export async function addTaxIdData(ctx: Ctx, customerId: string, data: readonly CreateTaxIdParams[]): Promise<void> {
  for (const [i, entry] of data.entries()) {
    try {
      await createTaxId(ctx, customerId, entry);
    } catch (error) {
      throw error instanceof BursarError ? error.nestedUnder(`tax_id_data[${i}]`) : error;
    }
  }
}

export async function retrieveTaxId(ctx: Ctx, customerId: string, id: string): Promise<TaxIdObject> {
  await requireCustomer(ctx, customerId, 'id');
  return toTaxIdObject(await requireTaxId(ctx, customerId, id));
}

/** A customer's tax IDs, newest first; `url` is the list's own (nested, or `/v1/tax_ids`). */
export async function listTaxIds(ctx: Ctx, customerId: string, page: Page, options: { url?: string; customerParam?: string } = {}) {
  await requireCustomer(ctx, customerId, options.customerParam ?? 'id');
  const { rows, hasMore } = await listTaxIdRows(ctx.db, ctx.scope, customerId, page);
  return listObject(options.url ?? `/v1/customers/${customerId}/tax_ids`, rows.map(toTaxIdObject), hasMore);
}

/** `customer.tax_ids`, shown only when expanded as in Stripe: its first ten. */
export const customerTaxIdsOf = (ctx: Ctx, customerId: string) => listTaxIds(ctx, customerId, { limit: 10 });

/** Removes a tax ID; event customer.tax_id.deleted with the tax ID as it was. */
async function removeTaxId(ctx: Ctx, row: TaxIdRow) {
  await deleteTaxIdRow(ctx.db, ctx.scope, row.id);
  await recordEvent(ctx, 'customer.tax_id.deleted', toTaxIdObject(row));
  return { id: row.id, object: 'tax_id' as const, deleted: true as const };
}

export async function deleteTaxId(ctx: Ctx, customerId: string, id: string) {
  await requireCustomer(ctx, customerId, 'id');
  return removeTaxId(ctx, await requireTaxId(ctx, customerId, id));
}

/**
 * The customer an `owner` names (`/v1/tax_ids`). Stripe's default owner is the account
 * itself (`self`); Bursar keeps customers' tax IDs only, so any other owner is a 400.
 */
function ownerCustomer(owner: TaxIdOwnerParam | undefined): string {
  const type = owner?.type ?? 'self';
  if (type !== 'customer') {
    throw BursarError.invalid(
      `owner[type]=${type} is not supported: Bursar keeps the tax IDs of customers only. Pass owner[type]=customer and owner[customer].`,
      'owner[type]',
    );
  }
  for (const key of ['account', 'customer_account'] as const) {
    if (owner?.[key] !== undefined) throw BursarError.invalid(`owner[${key}] cannot be given with owner[type]=customer.`, `owner[${key}]`);
  }
  if (owner?.customer === undefined) {
    throw BursarError.invalid('Missing required param: owner[customer] (required with owner[type]=customer).', 'owner[customer]', 'parameter_missing');
  }
  return owner.customer;
}

/** `POST /v1/tax_ids`: a tax ID of the customer `owner` names, as `POST /v1/customers/:id/tax_ids` makes it. */
export const createOwnedTaxId = (ctx: Ctx, p: CreateTaxIdParams & { owner?: TaxIdOwnerParam | undefined }) =>
  createTaxId(ctx, ownerCustomer(p.owner), p, 'owner[customer]');

/** `GET /v1/tax_ids`: the tax IDs of the customer `owner` names, newest first. */
export const listOwnedTaxIds = (ctx: Ctx, p: Page & { owner?: TaxIdOwnerParam | undefined }) =>
  listTaxIds(ctx, ownerCustomer(p.owner), p, { url: '/v1/tax_ids', customerParam: 'owner[customer]' });

/** `GET /v1/tax_ids/:id`: any tax ID of the caller's customers. */
export const retrieveAnyTaxId = async (ctx: Ctx, id: string) => toTaxIdObject(await requireTaxId(ctx, undefined, id));

/** `DELETE /v1/tax_ids/:id`. */
export const deleteAnyTaxId = async (ctx: Ctx, id: string) => removeTaxId(ctx, await requireTaxId(ctx, undefined, id));

/** A customer's tax IDs as invoices show them (`customer_tax_ids`), oldest first. */
export async function invoiceTaxIds(ctx: Ctx, customerId: string): Promise<{ type: string; value: string }[]> {
  return (await taxIdsOfCustomer(ctx.db, ctx.scope, customerId)).map((t) => ({ type: t.type, value: t.value }));
}
