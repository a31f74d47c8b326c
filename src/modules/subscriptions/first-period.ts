import type { Ctx } from '../../context.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { addInterval, initialAnchor, periodContaining, type Period } from '../../billing/periods.ts';
import { prorate } from '../../billing/proration.ts';
import type { PriceRow } from '../prices/repository.ts';
import { entryParam, inItems, repeatedPrice, requireEntryPrice, requireItemAmount, requireItemsAmount, requireItemTaxRates, termsOf, type Terms } from './items.ts';
import type { CreateSubscriptionParams, ProrationBehavior } from './schemas.ts';

const DAY = 86_400;

/** What a subscription's start depends on: create's parameters, and a preview's of a new subscription. */
export type StartParams = Pick<CreateSubscriptionParams, 'items' | 'trial_end' | 'trial_period_days' | 'trial_from_plan' | 'billing_cycle_anchor'> & { proration_behavior?: ProrationBehavior };

/** The items' prices, checked, and the currency and interval they share. */
async function checkItems(ctx: Ctx, items: StartParams['items']) {
  if (!items || items.length === 0) throw BursarError.invalid('Missing required param: items.', 'items', 'parameter_missing');
  let terms: Terms | undefined;
  const out: { price: PriceRow; quantity: number; taxRates: string[]; metadata: Record<string, string> }[] = [];
  for (const [i, item] of items.entries()) {
    const param = (field: string) => entryParam(inItems, i, field);
    const price = await requireEntryPrice(ctx, item, inItems, i, terms);
    terms ??= termsOf(price);
    if (out.some((o) => o.price.id === price.id)) throw repeatedPrice(param('price'));
    requireItemAmount(price, item.quantity ?? 1, param('quantity'));
    out.push({ price, quantity: item.quantity ?? 1, taxRates: await requireItemTaxRates(ctx, item.tax_rates, param('tax_rates')), metadata: mergeMetadata({}, item.metadata) });
  }
  requireItemsAmount(out, terms!.currency);
  return { items: out, terms: terms! };
}

/**
 * The trial days trial_from_plan takes: the longest trial_period_days of the items' plans
 * (trial_period_days of the request overrides them, as in Stripe).
 */
function planTrialDays(p: StartParams, prices: readonly PriceRow[]): number | undefined {
  if (!p.trial_from_plan || p.trial_period_days !== undefined) return p.trial_period_days;
  if (p.trial_end !== undefined) throw BursarError.invalid('You may only specify one of these parameters: trial_end, trial_from_plan.', 'trial_from_plan');
  return Math.max(0, ...prices.map((price) => price.recurring_trial_period_days ?? 0));
}

/** When the trial ends, if there is one: trial_end (a future time, or `now` for none) or trial days. */
function trialEndOf(p: StartParams, trialDays: number | undefined, now: number): number | null {
  if (p.trial_end !== undefined && p.trial_period_days !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: trial_end, trial_period_days.', 'trial_end');
  }
  if (trialDays !== undefined) return trialDays === 0 ? null : now + trialDays * DAY;
  if (p.trial_end === undefined || p.trial_end === 'now') return null;
  if (p.trial_end <= now) throw BursarError.invalid('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
  return p.trial_end;
}

/**
 * The first period and the share of a full period it bills: a trial runs to its end; a
 * billing_cycle_anchor in the future bills the time up to it, prorated; otherwise a whole
 * interval from now.
 */
function firstPeriod(now: number, anchor: number, trialEnd: number | null, terms: Terms): { period: Period; share: (amount: number) => number } {
  if (trialEnd !== null) return { period: { start: now, end: trialEnd }, share: () => 0 };
  if (anchor === now) return { period: { start: now, end: addInterval(now, terms.interval, terms.interval_count, 1) }, share: (a) => a };
  const full = periodContaining(anchor, terms.interval, terms.interval_count, now);
  if (full.end !== anchor) {
    throw BursarError.invalid(`billing_cycle_anchor cannot be later than the next natural billing date (${addInterval(now, terms.interval, terms.interval_count, 1)}).`, 'billing_cycle_anchor');
  }
  return { period: { start: now, end: anchor }, share: (a) => prorate(a, full, now) };
}

/**
 * How a new subscription starts at `now`: its items checked, the terms they share, its trial,
 * billing cycle anchor, and first period with the share of a full period it bills
 * (`proration_behavior=none` bills nothing for the time up to a future anchor, as Stripe does).
 */
export async function planStart(ctx: Ctx, p: StartParams, now: number) {
  const { items, terms } = await checkItems(ctx, p.items);
  const trialEnd = trialEndOf(p, planTrialDays(p, items.map((i) => i.price)), now);
  if (p.billing_cycle_anchor !== undefined && p.billing_cycle_anchor < (trialEnd ?? now)) {
    throw BursarError.invalid('billing_cycle_anchor cannot be before the subscription starts (or its trial ends).', 'billing_cycle_anchor');
  }
  const anchor = initialAnchor({ start: now, trialEnd, billingCycleAnchor: p.billing_cycle_anchor });
  const first = firstPeriod(now, anchor, trialEnd, terms);
  if (p.proration_behavior === 'none' && anchor !== now && trialEnd === null) first.share = () => 0;
  return { items, terms, trialEnd, anchor, first };
}
