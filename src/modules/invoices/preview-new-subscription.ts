import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { requireCustomer } from '../customers/service.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { findProduct } from '../products/repository.ts';
import { planStart } from '../subscriptions/first-period.ts';
import { periodLine } from '../subscriptions/lines.ts';
import { timeOn } from '../test-clocks/service.ts';
import { normaliseTaxId, taxIdCountry, TAX_ID_TYPES } from '../tax-ids/types.ts';
import { applyDiscounts } from './discounts.ts';
import { previewItem, previewObject, type PreviewObject } from './preview-object.ts';
import type { CustomerDetailsParam, PreviewInvoiceParams } from './preview-schemas.ts';
import { subscriptionLineItem } from './subscription-invoice.ts';

type Details = NonNullable<PreviewInvoiceParams['subscription_details']>;

const ANCHOR = 'subscription_details[billing_cycle_anchor]';

/** The anchor a new subscription would take: a time, or none (`now`: it starts its cycle when it starts). */
function newAnchor(anchor: Details['billing_cycle_anchor']): number | undefined {
  if (anchor === undefined || anchor === 'now' || typeof anchor === 'number') return anchor === 'now' ? undefined : anchor;
  if (anchor === 'unchanged' || anchor.type === 'unchanged') {
    throw BursarError.invalid('billing_cycle_anchor=unchanged applies to an existing subscription only: pass subscription, or a timestamp.', ANCHOR);
  }
  if (anchor.type === 'now') return undefined;
  if (anchor.timestamp === undefined) throw BursarError.invalid(`Missing required param: ${ANCHOR}[timestamp].`, `${ANCHOR}[timestamp]`, 'parameter_missing');
  return anchor.timestamp;
}

/**
 * What a preview of an existing subscription cannot take from `subscription_details`: a new
 * anchor, trial or start is made with the subscription, not by an update.
 */
export function refuseNewOnlyDetails(details: Details | undefined): void {
  const anchor = details?.billing_cycle_anchor;
  if (anchor !== undefined && anchor !== 'unchanged' && !(typeof anchor === 'object' && anchor.type === 'unchanged')) {
    throw BursarError.invalid(`${ANCHOR} is not supported for an existing subscription: Bursar's updates keep the billing cycle (unchanged).`, ANCHOR, 'parameter_invalid');
  }
  for (const key of ['trial_end', 'start_date'] as const) {
    if (details?.[key] !== undefined) {
      throw BursarError.invalid(`subscription_details[${key}] is not supported for an existing subscription: it previews a new one (pass customer and subscription_details[items]).`, `subscription_details[${key}]`, 'parameter_invalid');
    }
  }
}

/**
 * The first invoice of a subscription not created yet (checkout and upgrade buttons), planned
 * by the same code create uses: its trial, a first period shortened to a billing cycle anchor
 * (prorated, or free with proration_behavior=none), discounts and tax rates. Nothing is written.
 */
export async function previewNewSubscription(ctx: Ctx, p: PreviewInvoiceParams, details: Details): Promise<PreviewObject> {
  if (p.customer === undefined && p.customer_details === undefined) {
    throw BursarError.invalid('Missing required param: customer (or customer_details).', 'customer', 'parameter_missing');
  }
  const customer = p.customer === undefined ? null : await requireCustomer(ctx, p.customer, 'customer');
  const now = details.start_date ?? (await timeOn(ctx, customer?.test_clock ?? null));
  const start = await planStart(ctx, {
    items: details.items,
    trial_end: details.trial_end,
    billing_cycle_anchor: newAnchor(details.billing_cycle_anchor),
    proration_behavior: details.proration_behavior,
  }, now).catch((error: unknown) => {
    throw error instanceof BursarError ? error.nestedUnder('subscription_details') : error;
  });
  const defaultTaxRates = details.default_tax_rates ?? [];
  await loadTaxRates(ctx, defaultTaxRates, 'subscription_details[default_tax_rates]');
  const input = { customer: customer?.id ?? null, subscription: null, currency: start.terms.currency };
  const items = [];
  for (const item of start.items) {
    const product = await findProduct(ctx.db, ctx.scope, item.price.product);
    // No item exists yet: each line names the id its item would get.
    const row = { id: newId('si'), quantity: item.quantity, tax_rates: JSON.stringify(item.taxRates) };
    const full = (item.price.unit_amount ?? 0) * item.quantity;
    const line = periodLine({ row, price: item.price, productName: product?.name ?? item.price.product }, start.first.period, { trial: start.trialEnd !== null, amount: start.first.share(full) });
    items.push(previewItem(subscriptionLineItem(ctx, { ...input, customer: input.customer ?? '' }, null, line, now)));
  }
  return previewObject(ctx, {
    ...input,
    billing_reason: 'subscription_create', created: now, period: { start: now, end: now },
    collection_method: 'charge_automatically', days_until_due: null, default_payment_method: null, default_tax_rates: defaultTaxRates,
    discounts: await applyDiscounts(ctx, p.discounts ?? [], start.terms.currency, { redeem: false, customer: customer?.id }),
    items,
  });
}

/** customer_details shown on a preview as the invoice would show the customer's own. */
export function withCustomerDetails(preview: PreviewObject, given: CustomerDetailsParam | undefined): PreviewObject {
  if (given === undefined) return preview;
  const taxIds = given.tax_ids?.map((t, i) => {
    const value = normaliseTaxId(t.value);
    if (taxIdCountry(t.type, value) === null) {
      throw BursarError.invalid(`Invalid value for ${t.type}: '${t.value}' is not a valid ${TAX_ID_TYPES[t.type].label} number.`, `customer_details[tax_ids][${i}][value]`, 'tax_id_invalid');
    }
    return { type: t.type, value };
  });
  return {
    ...preview,
    ...(given.address !== undefined && { customer_address: given.address && { city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...given.address } }),
    ...(given.shipping !== undefined && { customer_shipping: given.shipping && { name: given.shipping.name, phone: given.shipping.phone ?? null, address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...given.shipping.address } } }),
    ...(given.tax_exempt !== undefined && { customer_tax_exempt: given.tax_exempt ?? 'none' }),
    ...(taxIds !== undefined && { customer_tax_ids: taxIds }),
  } as PreviewObject;
}
