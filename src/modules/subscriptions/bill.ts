import type { Ctx } from '../../context.ts';
import type { Period } from '../../billing/periods.ts';
import { parseJson } from '../../kit/json.ts';
import { createSubscriptionInvoice } from '../invoices/subscription-invoice.ts';
import { holdOf } from './collect.ts';
import { discountsInEffect } from './discounts-in-effect.ts';
import { periodLine, pricedItem } from './lines.ts';
import { itemsOf, type SubscriptionRow } from './repository.ts';

export interface BillOptions {
  trial?: boolean;
  /** The share of a full period's amount this period bills (a shortened first period). */
  share?: (amount: number) => number;
  /** Bill no period lines: only the pending prorations (always_invoice). */
  pendingOnly?: boolean;
  /** Bill the pending prorations with the period lines (a billing cycle restarted by a change of interval). */
  withPending?: boolean;
}

/** A draft invoice for a subscription's items over `period` (and its pending prorations); returns its id. */
export async function billSubscription(ctx: Ctx, sub: SubscriptionRow, reason: 'subscription_create' | 'subscription_update' | 'subscription_cycle', period: Period, options: BillOptions = {}): Promise<string> {
  const lines = [];
  if (!options.pendingOnly) {
    for (const row of await itemsOf(ctx.db, ctx.scope, sub.id)) {
      const item = await pricedItem(ctx, row);
      const full = (item.price.unit_amount ?? 0) * row.quantity;
      lines.push(periodLine(item, period, { trial: options.trial, amount: options.share ? options.share(full) : full }));
    }
  }
  const invoice = await createSubscriptionInvoice(ctx, {
    customer: sub.customer,
    subscription: sub.id,
    currency: sub.currency,
    billing_reason: reason,
    collection_method: sub.collection_method,
    days_until_due: sub.days_until_due,
    default_payment_method: sub.default_payment_method,
    default_tax_rates: parseJson<string[]>(sub.default_tax_rates, []),
    discounts: await discountsInEffect(ctx, sub, period.start),
    lines,
    // A cycle invoice also bills what is pending, as Stripe's next invoice does.
    includePending: options.pendingOnly === true || options.withPending === true || reason === 'subscription_cycle',
    auto_advance: holdOf(sub) !== 'keep_as_draft',
  });
  return invoice.id;
}
