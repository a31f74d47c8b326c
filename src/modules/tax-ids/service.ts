import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { requireCustomer } from '../customers/service.ts';
import { recordEvent } from '../events/service.ts';
import { toTaxIdObject, type TaxIdObject } from './object.ts';
import { deleteTaxIdRow, findTaxId, insertTaxId, listTaxIdRows, taxIdsOfCustomer, type TaxIdRow } from './repository.ts';
import type { CreateTaxIdParams } from './schemas.ts';
import { normaliseTaxId, taxIdCountry, TAX_ID_TYPES } from './types.ts';

/** As Stripe allows: at most this many tax IDs per customer. */
export const MAX_TAX_IDS = 25;

/** A tax ID of this customer, or Stripe's 404 (another customer's looks like a missing one). */
async function requireTaxId(ctx: Ctx, customer: string, id: string): Promise<TaxIdRow> {
  const row = await findTaxId(ctx.db, ctx.scope, id);
  if (!row || row.customer !== customer) throw BursarError.notFound('tax_id', id, 'id');
  return row;
}

/**
 * Adds a tax ID to a customer: the value must have its type's format (spaces are removed
 * and letters upper-cased); the country comes from the type or, for eu_vat, the value's
 * prefix. Bursar verifies no number with a tax authority: verification.status is
 * `unavailable`. Event customer.tax_id.created.
 */
export async function createTaxId(ctx: Ctx, customerId: string, p: CreateTaxIdParams): Promise<TaxIdObject> {
  const customer = await requireCustomer(ctx, customerId, 'id');
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

export async function retrieveTaxId(ctx: Ctx, customerId: string, id: string): Promise<TaxIdObject> {
  await requireCustomer(ctx, customerId, 'id');
  return toTaxIdObject(await requireTaxId(ctx, customerId, id));
}

export async function listTaxIds(ctx: Ctx, customerId: string, page: Page) {
  await requireCustomer(ctx, customerId, 'id');
  const { rows, hasMore } = await listTaxIdRows(ctx.db, ctx.scope, customerId, page);
  return listObject(`/v1/customers/${customerId}/tax_ids`, rows.map(toTaxIdObject), hasMore);
}

/** Removes a tax ID; event customer.tax_id.deleted with the tax ID as it was. */
export async function deleteTaxId(ctx: Ctx, customerId: string, id: string) {
  await requireCustomer(ctx, customerId, 'id');
  const row = await requireTaxId(ctx, customerId, id);
  await deleteTaxIdRow(ctx.db, ctx.scope, id);
  await recordEvent(ctx, 'customer.tax_id.deleted', toTaxIdObject(row));
  return { id, object: 'tax_id' as const, deleted: true as const };
}

/** A customer's tax IDs as invoices show them (`customer_tax_ids`), oldest first. */
export async function invoiceTaxIds(ctx: Ctx, customerId: string): Promise<{ type: string; value: string }[]> {
  return (await taxIdsOfCustomer(ctx.db, ctx.scope, customerId)).map((t) => ({ type: t.type, value: t.value }));
}
