import type { Ctx } from '../../context.ts';
import { mergeMetadata, paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { addInterval, type Interval } from '../../billing/periods.ts';
import { applyDiscounts } from '../invoices/discounts.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { requireCustomerPaymentMethod } from '../payment-methods/service.ts';
import { createPriceOf } from '../prices/service.ts';
import { requireProduct } from '../products/service.ts';
import type { ProrationBehavior } from '../subscriptions/change-plan.ts';
import { repeatedPrice, requireItemAmount, requireItemPrice, requireItemsAmount, requireItemTaxRates, termsOf, type Terms } from '../subscriptions/items.ts';
import type { DefaultSettingsParam, PhaseItemParam, PhaseParam } from './schemas.ts';

export interface StoredPhaseItem {
  price: string;
  quantity: number;
  tax_rates: string[];
  metadata: Record<string, string>;
}

export interface PhaseDiscount {
  coupon: string | null;
  promotion_code: string | null;
  discount: string | null;
}

/** A phase as a schedule keeps it: every time resolved, every setting checked. */
export interface StoredPhase {
  start_date: number;
  end_date: number;
  items: StoredPhaseItem[];
  trial_end: number | null;
  proration_behavior: ProrationBehavior;
  collection_method: string | null;
  days_until_due: number | null;
  default_payment_method: string | null;
  default_tax_rates: string[];
  discounts: PhaseDiscount[];
  metadata: Record<string, string>;
  description: string | null;
  currency: string;
}

export interface StoredDefaults {
  collection_method: string | null;
  days_until_due: number | null;
  default_payment_method: string | null;
  description: string | null;
}

/** The same error, its parameter (and the message naming it) placed under `prefix` (`items[0][price]` → `phases[1][items][0][price]`). */
function under(prefix: string, error: BursarError): BursarError {
  if (!error.param || error.param.startsWith(prefix)) return error;
  const head = error.param.split('[')[0];
  const param = `${prefix}[${head}]${error.param.slice(head.length)}`;
  // A message names a nested parameter in full (`Missing required param: items[0][price].`): name it under the prefix too.
  const message = error.param.includes('[') ? error.message.replaceAll(error.param, param) : error.message;
  return new BursarError({ status: error.status, type: error.type, message, code: error.code, param, extra: error.extra });
}

async function within<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw error instanceof BursarError ? under(prefix, error) : error;
  }
}

/** How far ahead a schedule may reach: its start and every phase's end. */
export const MAX_HORIZON = 100 * 366 * 86_400;

const only = (a: string, b: string) => BursarError.invalid(`You may only specify one of these parameters: ${a}, ${b}.`, b);

/** The price an item names (`price`, or legacy `plan`) or makes (`price_data`, a price of an existing product). */
async function itemPrice(ctx: Ctx, item: PhaseItemParam, j: number): Promise<string | undefined> {
  const named = item.price ?? item.plan;
  if (item.price !== undefined && item.plan !== undefined) throw only(`items[${j}][price]`, `items[${j}][plan]`);
  if (item.price_data === undefined) return named;
  if (named !== undefined) throw only(`items[${j}][price]`, `items[${j}][price_data]`);
  const data = item.price_data;
  const at = ['items', String(j), 'price_data'];
  await requireProduct(ctx, data.product, paramName([...at, 'product']));
  const { product, ...priceData } = data;
  return (await createPriceOf(ctx, product, priceData, { at })).id;
}

/** Checks a phase's items as a subscription's: recurring prices sharing one currency and interval, each once. */
async function phaseItems(ctx: Ctx, items: readonly PhaseItemParam[]): Promise<{ items: StoredPhaseItem[]; terms: Terms }> {
  if (items.length === 0) throw BursarError.invalid('Missing required param: items.', 'items', 'parameter_missing');
  let terms: Terms | undefined;
  const out: StoredPhaseItem[] = [];
  const priced = [];
  for (const [j, item] of items.entries()) {
    // Named within the phase (`items[j][price]`); within() puts them under `phases[i]`.
    const param = (field: string) => paramName(['items', j, field]);
    const price = await requireItemPrice(ctx, await itemPrice(ctx, item, j), param('price'), terms);
    terms ??= termsOf(price);
    if (out.some((o) => o.price === price.id)) throw repeatedPrice(param('price'));
    const quantity = item.quantity ?? 1;
    requireItemAmount(price, quantity, param('quantity'));
    priced.push({ price, quantity });
    out.push({ price: price.id, quantity, tax_rates: await requireItemTaxRates(ctx, item.tax_rates, param('tax_rates')), metadata: mergeMetadata({}, item.metadata) });
  }
  requireItemsAmount(priced, terms!.currency);
  return { items: out, terms: terms! };
}

/** When the phase ends: end_date, or its duration from the start, or one billing period of its prices. */
function phaseEnd(p: PhaseParam, start: number, now: number, terms: Terms): number {
  if (p.end_date !== undefined && p.duration !== undefined) throw only('end_date', 'duration');
  let end: number;
  if (p.end_date !== undefined) end = p.end_date === 'now' ? now : p.end_date;
  else if (p.duration !== undefined) end = addInterval(start, p.duration.interval as Interval, p.duration.interval_count ?? 1, 1);
  else end = addInterval(start, terms.interval, terms.interval_count, 1);
  const param = p.end_date !== undefined ? 'end_date' : 'duration';
  if (end <= start) throw BursarError.invalid(`The phase's end_date (${end}) must be after its start_date (${start}).`, param);
  if (!(end <= now + MAX_HORIZON)) throw BursarError.invalid('A phase must end within 100 years from now.', param);
  return end;
}

/** A trial over the whole phase (`trial`) or up to trial_end; only the first phase, where the subscription starts, may have one. */
function phaseTrial(p: PhaseParam, index: number, start: number, end: number): number | null {
  if (p.trial !== undefined && p.trial_end !== undefined) throw only('trial', 'trial_end');
  const trialEnd = p.trial ? end : p.trial_end === undefined || p.trial_end === 'now' ? null : p.trial_end;
  if (trialEnd === null) return null;
  if (index > 0) throw BursarError.invalid('A trial is supported only in the first phase of a schedule, where its subscription starts.', p.trial ? 'trial' : 'trial_end');
  if (trialEnd <= start || trialEnd > end) throw BursarError.invalid(`trial_end must fall within the phase: after its start_date (${start}) and no later than its end_date (${end}).`, 'trial_end');
  return trialEnd;
}

async function phaseDiscounts(ctx: Ctx, p: PhaseParam, currency: string, customer: string): Promise<PhaseDiscount[]> {
  if (!p.discounts) return [];
  // Checked now; each is redeemed when its phase starts.
  await applyDiscounts(ctx, p.discounts, currency, { redeem: false, customer });
  return p.discounts.map((d) => ({ coupon: d.coupon ?? null, promotion_code: d.promotion_code ?? null, discount: d.discount ?? null }));
}

function refusePhaseStart(anchor: string | undefined): void {
  if (anchor === 'phase_start') {
    throw BursarError.invalid('billing_cycle_anchor=phase_start is not supported: the billing cycle restarts at a phase only when its prices bill over another interval.', 'billing_cycle_anchor');
  }
}

/** The days an invoice sent by email gives, required with send_invoice and refused otherwise, as on subscriptions. */
function daysUntilDue(method: string | null, days: number | null): number | null {
  if (method === 'send_invoice' && days === null) {
    throw BursarError.invalid('Missing required param: invoice_settings[days_until_due] when collection_method is send_invoice.', 'invoice_settings[days_until_due]', 'parameter_missing');
  }
  return method === 'send_invoice' ? days : null;
}

export async function resolveDefaults(ctx: Ctx, p: DefaultSettingsParam | undefined, customer: string, current?: StoredDefaults): Promise<StoredDefaults> {
  return within('default_settings', async () => {
    refusePhaseStart(p?.billing_cycle_anchor);
    const method = p?.collection_method ?? current?.collection_method ?? null;
    const paymentMethod = p?.default_payment_method ?? current?.default_payment_method ?? null;
    if (p?.default_payment_method !== undefined) await requireCustomerPaymentMethod(ctx, p.default_payment_method, customer, 'default_payment_method');
    return {
      collection_method: method,
      days_until_due: daysUntilDue(method, p?.invoice_settings?.days_until_due ?? current?.days_until_due ?? null),
      default_payment_method: paymentMethod,
      description: p?.description === undefined ? (current?.description ?? null) : p.description,
    };
  });
}

export interface PhaseContext {
  customer: string;
  defaults: StoredDefaults;
  /** Where the first phase starts. */
  start: number;
  now: number;
}

/**
 * Resolves and checks a schedule's phases: each starts where the one before ends (no gap,
 * no overlap), ends after it starts, bills recurring prices of one currency; errors name
 * `phases[i][…]`.
 */
export async function resolvePhases(ctx: Ctx, phases: readonly PhaseParam[], at: PhaseContext): Promise<StoredPhase[]> {
  if (phases.length === 0) throw BursarError.invalid('Missing required param: phases.', 'phases', 'parameter_missing');
  const out: StoredPhase[] = [];
  for (const [i, p] of phases.entries()) {
    const prefix = `phases[${i}]`;
    const start = i === 0 ? at.start : out[i - 1].end_date;
    out.push(
      await within(prefix, async () => {
        if (i > 0 && p.start_date !== undefined && (p.start_date === 'now' ? at.now : p.start_date) !== start) {
          throw BursarError.invalid(`Each phase must start when the one before it ends (${start}): phases may not overlap or leave a gap.`, 'start_date');
        }
        refusePhaseStart(p.billing_cycle_anchor);
        const { items, terms } = await phaseItems(ctx, p.items);
        if (p.currency !== undefined && p.currency !== terms.currency) {
          throw BursarError.invalid(`The phase's currency (${p.currency}) must be the currency of its prices (${terms.currency}).`, 'currency');
        }
        if (i > 0 && terms.currency !== out[0].currency) throw BursarError.invalid(`Every phase of a schedule bills in one currency (${out[0].currency}).`, 'items[0][price]');
        const end = phaseEnd(p, start, at.now, terms);
        const method = p.collection_method ?? at.defaults.collection_method;
        if (p.default_payment_method !== undefined) await requireCustomerPaymentMethod(ctx, p.default_payment_method, at.customer, 'default_payment_method');
        const defaultTaxRates = p.default_tax_rates ?? [];
        await loadTaxRates(ctx, defaultTaxRates, 'default_tax_rates');
        return {
          start_date: start,
          end_date: end,
          items,
          trial_end: phaseTrial(p, i, start, end),
          proration_behavior: p.proration_behavior ?? 'create_prorations',
          collection_method: p.collection_method ?? null,
          days_until_due: daysUntilDue(method, p.invoice_settings?.days_until_due ?? at.defaults.days_until_due),
          default_payment_method: p.default_payment_method ?? null,
          default_tax_rates: defaultTaxRates,
          discounts: await phaseDiscounts(ctx, p, terms.currency, at.customer),
          metadata: mergeMetadata({}, p.metadata),
          description: p.description ?? null,
          currency: terms.currency,
        };
      }),
    );
  }
  return out;
}

/** Whether two phases bill the same items (price, quantity, tax rates). */
export function sameItems(a: StoredPhase, b: StoredPhase): boolean {
  const key = (p: StoredPhase) => JSON.stringify(p.items.map((i) => [i.price, i.quantity, i.tax_rates]).sort());
  return key(a) === key(b);
}
