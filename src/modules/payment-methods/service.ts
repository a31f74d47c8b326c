import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer, setDefaultPaymentMethod } from '../customers/service.ts';
import { toAddress } from '../customers/object.ts';
import { checkExpiry, testPaymentMethod, tokenizeTestCard, verifyTestCard, type CardDetails } from '../../processors/test/test-gateway.ts';
import { requireTestGateway } from '../processor-settings/service.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { afterCommit } from '../../db/after-commit.ts';
import { toPaymentMethodObject, type PaymentMethodObject } from './object.ts';
import { findPaymentMethod, insertPaymentMethod, listPaymentMethodRows, updatePaymentMethodRow, type PaymentMethodRow } from './repository.ts';
import type { BillingDetailsParam, CreatePaymentMethodParams, UpdatePaymentMethodParams } from './schemas.ts';

function billingDetails(p: BillingDetailsParam | undefined, current?: Record<string, unknown>) {
  const base = { address: toAddress({}), email: null, name: null, phone: null, ...current };
  if (!p) return base;
  return {
    address: p.address === undefined ? base.address : toAddress({ ...(base.address as object), ...p.address }),
    email: p.email === undefined ? base.email : p.email,
    name: p.name === undefined ? base.name : p.name,
    phone: p.phone === undefined ? base.phone : p.phone,
  };
}

/** A new card payment method; `processor` holds it (the test gateway unless named). */
export async function insertCard(ctx: Ctx, card: CardDetails, extra: { customer: string | null; processor?: string; billing_details?: BillingDetailsParam; metadata?: Record<string, string>; allow_redisplay?: string }) {
  return insertPaymentMethod(ctx.db, {
    id: newId('pm'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    customer: extra.customer,
    type: 'card',
    billing_details: JSON.stringify(billingDetails(extra.billing_details)),
    card_brand: card.brand,
    card_last4: card.last4,
    card_exp_month: card.expMonth,
    card_exp_year: card.expYear,
    card_fingerprint: card.fingerprint,
    card_funding: card.funding,
    card_country: card.country,
    gateway_card: card.gatewayCard,
    ...(extra.processor !== undefined && { processor: extra.processor }),
    allow_redisplay: extra.allow_redisplay ?? 'unspecified',
    metadata: JSON.stringify(extra.metadata ?? {}),
  });
}

async function requirePaymentMethod(ctx: Ctx, id: string, param = 'id'): Promise<PaymentMethodRow> {
  const row = await findPaymentMethod(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('PaymentMethod', id, param);
  return row;
}

export async function createPaymentMethod(ctx: Ctx, p: CreatePaymentMethodParams): Promise<PaymentMethodObject> {
  await requireTestGateway(ctx);
  const card = tokenizeTestCard(p.card, ctx.clock.now(), ctx.scope.projectId);
  const row = await insertCard(ctx, card, {
    customer: null,
    billing_details: p.billing_details,
    metadata: mergeMetadata({}, p.metadata),
    allow_redisplay: p.allow_redisplay,
  });
  return toPaymentMethodObject(row);
}

export async function retrievePaymentMethod(ctx: Ctx, id: string): Promise<PaymentMethodObject> {
  return toPaymentMethodObject(await requirePaymentMethod(ctx, id));
}

export async function updatePaymentMethod(ctx: Ctx, id: string, p: UpdatePaymentMethodParams): Promise<PaymentMethodObject> {
  const row = await requirePaymentMethod(ctx, id);
  if (!row.customer) {
    throw BursarError.invalid('You must save this PaymentMethod to a customer before you can update it.', 'id');
  }
  const before = toPaymentMethodObject(row);
  // A new expiry date is checked as a new card's is, and kept with a four-digit year.
  const expMonth = p.card?.exp_month ?? row.card_exp_month;
  const expiry = p.card?.exp_month !== undefined || p.card?.exp_year !== undefined
    ? { card_exp_month: expMonth, card_exp_year: checkExpiry(expMonth, p.card.exp_year ?? row.card_exp_year, ctx.clock.now()) }
    : {};
  const updated = await updatePaymentMethodRow(ctx.db, ctx.scope, id, {
    ...(p.billing_details && { billing_details: JSON.stringify(billingDetails(p.billing_details, before.billing_details)) }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
    ...(p.allow_redisplay && { allow_redisplay: p.allow_redisplay }),
    ...expiry,
  });
  const object = toPaymentMethodObject(updated);
  await recordEvent(ctx, 'payment_method.updated', object, before);
  return object;
}

/**
 * Saves a card to a customer. `pm_card_*` test ids yield a new payment method of the
 * customer's own; cards that decline do so here, as Stripe's $0 check does.
 */
export async function attachPaymentMethod(ctx: Ctx, id: string, customerId: string, param = 'customer'): Promise<PaymentMethodObject> {
  await requireTestGateway(ctx);
  await requireCustomer(ctx, customerId, param);
  const testCard = testPaymentMethod(id, ctx.clock.now(), ctx.scope.projectId);
  let row: PaymentMethodRow;
  if (testCard) {
    row = await insertCard(ctx, testCard, { customer: customerId });
    verifyTestCard(testCard.gatewayCard, toPaymentMethodObject(row));
  } else {
    const existing = await requirePaymentMethod(ctx, id, param === 'customer' ? 'id' : param);
    if (existing.customer === customerId) return toPaymentMethodObject(existing);
    if (existing.customer) {
      throw BursarError.invalid('The payment method you provided has already been attached to a customer.', param === 'customer' ? 'id' : param);
    }
    verifyTestCard(existing.gateway_card, toPaymentMethodObject(existing));
    row = await updatePaymentMethodRow(ctx.db, ctx.scope, id, { customer: customerId });
  }
  const object = toPaymentMethodObject(row);
  await recordEvent(ctx, 'payment_method.attached', object);
  return object;
}

/**
 * Once the detach commits, a card a remote processor holds is detached there too (never inside
 * the transaction). A failure there is not the customer's: Bursar never charges the card again.
 */
async function detachAtProcessorLater(ctx: Ctx, row: PaymentMethodRow): Promise<void> {
  if (row.processor === 'test') return;
  const processor = await processorFor(ctx);
  if (processor.kind !== row.processor) return;
  afterCommit(ctx.db, () => void processor.detach(row.gateway_card).catch(() => {}));
}

/** Detaches a payment method; `atProcessor: false` when the processor reported it detached. */
export async function detachPaymentMethod(ctx: Ctx, id: string, { atProcessor = true } = {}): Promise<PaymentMethodObject> {
  const row = await requirePaymentMethod(ctx, id);
  if (!row.customer) {
    throw BursarError.invalid('The payment method you provided is not attached to a customer so detachment is impossible.', 'id');
  }
  if (atProcessor) await detachAtProcessorLater(ctx, row);
  const before = toPaymentMethodObject(row);
  const updated = await updatePaymentMethodRow(ctx.db, ctx.scope, id, { customer: null });
  const customer = await requireCustomer(ctx, row.customer);
  if (customer.default_payment_method === id) await setDefaultPaymentMethod(ctx, customer.id, null);
  const object = toPaymentMethodObject(updated);
  await recordEvent(ctx, 'payment_method.detached', object, before);
  return object;
}

/** A payment method attached to this customer, or the error Stripe gives for it. */
export async function requireCustomerPaymentMethod(ctx: Ctx, id: string, customerId: string, param: string): Promise<PaymentMethodRow> {
  const row = await requirePaymentMethod(ctx, id, param);
  if (row.customer !== customerId) {
    throw BursarError.invalid(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      param,
    );
  }
  return row;
}

export async function listPaymentMethods(ctx: Ctx, page: Page, filter: { customer?: string | undefined }) {
  if (filter.customer !== undefined) await requireCustomer(ctx, filter.customer);
  const { rows, hasMore } = await listPaymentMethodRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/payment_methods', rows.map(toPaymentMethodObject), hasMore);
}

export async function listCustomerPaymentMethods(ctx: Ctx, customerId: string, page: Page) {
  await requireCustomer(ctx, customerId, 'customer');
  const { rows, hasMore } = await listPaymentMethodRows(ctx.db, ctx.scope, page, { customer: customerId });
  return listObject(`/v1/customers/${customerId}/payment_methods`, rows.map(toPaymentMethodObject), hasMore);
}

export async function retrieveCustomerPaymentMethod(ctx: Ctx, customerId: string, id: string): Promise<PaymentMethodObject> {
  await requireCustomer(ctx, customerId, 'customer');
  return toPaymentMethodObject(await requireCustomerPaymentMethod(ctx, id, customerId, 'payment_method'));
}
