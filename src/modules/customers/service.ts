import type { Ctx } from '../../context.ts';
import { retryOnNewPaymentMethod } from '../subscriptions/dunning.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId, randomBase62 } from '../../kit/ids.ts';
import { toJson } from '../../kit/json.ts';
import { recordEvent } from '../events/service.ts';
import { noDiscount } from '../invoices/discount-object.ts';
import { attachPaymentMethod, requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { invoiceSettingsOf, toAddress, toCustomerObject, type CustomerObject } from './object.ts';
import { requireTestClock } from '../test-clocks/service.ts';
import { changeBalance, DEFAULT_BALANCE_CURRENCY } from '../balance-transactions/service.ts';
import { customerIdsOnClock, findCustomer, insertCustomer, listCustomerRows, searchCustomerRows, updateCustomerRow, type CustomerFilter, type CustomerRow } from './repository.ts';
import type { CreateCustomerParams, UpdateCustomerParams } from './schemas.ts';
import { foundOf, type SearchRequest } from '../../search/page.ts';

type Shipping = NonNullable<CreateCustomerParams['shipping']>;

const shippingOf = (s: Shipping | null | undefined) =>
  s ? { address: toAddress(s.address), name: s.name, phone: s.phone ?? null } : null;

/** A live (not deleted) customer of the caller's scope, or Stripe's 404 naming `param`. */
export async function requireCustomer(ctx: Ctx, id: string, param = 'customer'): Promise<CustomerRow> {
  const row = await findCustomer(ctx.db, ctx.scope, id);
  if (!row || row.deleted_at !== null) throw BursarError.notFound('customer', id, param);
  return row;
}

export async function createCustomer(ctx: Ctx, p: CreateCustomerParams): Promise<CustomerObject> {
  if (p.test_clock !== undefined) await requireTestClock(ctx, p.test_clock);
  const row = await insertCustomer(ctx.db, {
    id: newId('cus'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    email: p.email ?? null,
    name: p.name ?? null,
    phone: p.phone ?? null,
    description: p.description ?? null,
    address: toJson(toAddress(p.address)),
    shipping: toJson(shippingOf(p.shipping)),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata ?? undefined)),
    invoice_prefix: p.invoice_prefix ?? randomBase62(8).toUpperCase().replace(/[^A-Z0-9]/g, 'X'),
    default_payment_method: null,
    invoice_settings: toJson({ footer: p.invoice_settings?.footer ?? null, custom_fields: p.invoice_settings?.custom_fields ?? null }),
    preferred_locales: JSON.stringify(p.preferred_locales ?? []),
    balance: 0,
    currency: null,
    tax_exempt: p.tax_exempt ?? 'none',
    test_clock: p.test_clock ?? null,
    deleted_at: null,
  });
  let customer = row;
  // A balance given at creation is the customer's first balance transaction, `initial`.
  if (p.balance) {
    ({ customer } = await changeBalance(ctx, row, { type: 'initial', amount: p.balance, currency: DEFAULT_BALANCE_CURRENCY, param: 'balance' }, false));
  }
  if (p.payment_method) await attachPaymentMethod(ctx, p.payment_method, row.id, 'payment_method');
  const defaultPm = p.invoice_settings?.default_payment_method;
  if (defaultPm) {
    await requireCustomerPaymentMethod(ctx, defaultPm, row.id, 'invoice_settings[default_payment_method]');
    customer = await updateCustomerRow(ctx.db, ctx.scope, row.id, { default_payment_method: defaultPm });
  }
  const object = toCustomerObject(customer);
  await recordEvent(ctx, 'customer.created', object);
  return object;
}

export async function retrieveCustomer(ctx: Ctx, id: string): Promise<CustomerObject | { id: string; object: 'customer'; deleted: true }> {
  const row = await findCustomer(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('customer', id);
  if (row.deleted_at !== null) return { id, object: 'customer', deleted: true };
  return toCustomerObject(row);
}

export async function updateCustomer(ctx: Ctx, id: string, p: UpdateCustomerParams): Promise<CustomerObject> {
  const row = await requireCustomer(ctx, id, 'id');
  const before = toCustomerObject(row);
  const settings = invoiceSettingsOf(row);
  const s = p.invoice_settings;
  if (s?.default_payment_method) {
    await requireCustomerPaymentMethod(ctx, s.default_payment_method, id, 'invoice_settings[default_payment_method]');
  }
  // Setting the balance directly is an `adjustment` by the difference, as in Stripe.
  if (p.balance !== undefined && p.balance !== row.balance) {
    await changeBalance(ctx, row, { type: 'adjustment', amount: p.balance - row.balance, currency: row.currency ?? DEFAULT_BALANCE_CURRENCY, param: 'balance' }, false);
  }
  const updated = await updateCustomerRow(ctx.db, ctx.scope, id, {
    ...(p.email !== undefined && { email: p.email }),
    ...(p.name !== undefined && { name: p.name }),
    ...(p.phone !== undefined && { phone: p.phone }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.address !== undefined && { address: toJson(p.address && toAddress({ ...before.address, ...p.address })) }),
    ...(p.shipping !== undefined && { shipping: toJson(shippingOf(p.shipping)) }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
    ...(p.invoice_prefix !== undefined && p.invoice_prefix !== null && { invoice_prefix: p.invoice_prefix }),
    ...(p.preferred_locales !== undefined && { preferred_locales: JSON.stringify(p.preferred_locales) }),
    ...(p.tax_exempt !== undefined && { tax_exempt: p.tax_exempt ?? 'none' }),
    ...(s?.default_payment_method !== undefined && { default_payment_method: s.default_payment_method }),
    ...((s?.footer !== undefined || s?.custom_fields !== undefined) && {
      invoice_settings: toJson({
        footer: s.footer === undefined ? settings.footer : s.footer,
        custom_fields: s.custom_fields === undefined ? settings.custom_fields : s.custom_fields,
      }),
    }),
  });
  const object = toCustomerObject(updated);
  await recordEvent(ctx, 'customer.updated', object, before);
  // A new default card pays a past_due subscription's open invoice at once, as in Stripe.
  if (s?.default_payment_method) await retryOnNewPaymentMethod(ctx, id);
  return object;
}

/** Deletes as Stripe does: the customer disappears from lists; retrieve shows it deleted. */
export async function deleteCustomer(ctx: Ctx, id: string): Promise<{ id: string; object: 'customer'; deleted: true }> {
  const row = await requireCustomer(ctx, id, 'id');
  const updated = await updateCustomerRow(ctx.db, ctx.scope, id, { deleted_at: ctx.clock.now() });
  await recordEvent(ctx, 'customer.deleted', toCustomerObject(updated));
  return { id: row.id, object: 'customer', deleted: true };
}

/** The default payment method changed elsewhere (e.g. its card was detached). */
export async function setDefaultPaymentMethod(ctx: Ctx, id: string, paymentMethod: string | null): Promise<void> {
  const row = await requireCustomer(ctx, id);
  if (row.default_payment_method === paymentMethod) return;
  const updated = await updateCustomerRow(ctx.db, ctx.scope, id, { default_payment_method: paymentMethod });
  await recordEvent(ctx, 'customer.updated', toCustomerObject(updated), toCustomerObject(row));
}

export async function listCustomers(ctx: Ctx, page: Page, filter: CustomerFilter) {
  const { rows, hasMore } = await listCustomerRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/customers', rows.map(toCustomerObject), hasMore);
}

export async function searchCustomers(ctx: Ctx, request: SearchRequest) {
  return foundOf(await searchCustomerRows(ctx.db, ctx.scope, request), toCustomerObject);
}

/** Deletes every customer living on a test clock (the clock is being deleted). */
export async function deleteCustomersOnClock(ctx: Ctx, testClock: string): Promise<void> {
  for (const id of await customerIdsOnClock(ctx.db, ctx.scope, testClock)) await deleteCustomer(ctx, id);
}

/**
 * Removes a customer's discount. Bursar applies discounts to subscriptions and invoices
 * only (the current API sets none on a customer), so a customer never has one to remove.
 */
export async function deleteCustomerDiscount(ctx: Ctx, id: string): Promise<never> {
  await requireCustomer(ctx, id, 'id');
  throw noDiscount('customer', id);
}
