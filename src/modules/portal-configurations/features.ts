import type { Ctx } from '../../context.ts';
import { paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { requirePrice } from '../prices/service.ts';
import { requireProduct } from '../products/service.ts';
import type { PortalFeatures, PortalProduct } from './object.ts';
import { DEFAULT_MAXIMUM_QUANTITY } from './quantity-range.ts';
import { CANCELLATION_REASONS, type FeaturesParam } from './schemas.ts';

/** What a created configuration has where `features` leaves a field out, as in Stripe: everything off. */
export const BASE_FEATURES: PortalFeatures = {
  customer_update: { enabled: false, allowed_updates: [] },
  invoice_history: { enabled: false },
  payment_method_update: { enabled: false, payment_method_configuration: null },
  subscription_cancel: {
    enabled: false,
    mode: 'at_period_end',
    proration_behavior: 'none',
    cancellation_reason: { enabled: false, options: [], feedback_options: null },
  },
  subscription_pause: { enabled: false },
  subscription_update: {
    enabled: false,
    billing_cycle_anchor: null,
    default_allowed_updates: [],
    products: [],
    proration_behavior: 'none',
    schedule_at_period_end: { conditions: [] },
    trial_update_behavior: 'end_trial',
  },
};

/**
 * The default configuration a project gets in each mode: details, cards, invoices and
 * cancellation (at period end, with the reason survey) on. Changing plans needs the
 * products to offer, so it stays off until a configuration lists them.
 */
export const DEFAULT_FEATURES: PortalFeatures = {
  ...BASE_FEATURES,
  customer_update: { enabled: true, allowed_updates: ['email', 'name', 'phone', 'address'] },
  invoice_history: { enabled: true },
  payment_method_update: { enabled: true, payment_method_configuration: null },
  subscription_cancel: {
    enabled: true,
    mode: 'at_period_end',
    proration_behavior: 'none',
    cancellation_reason: { enabled: true, options: [...CANCELLATION_REASONS], feedback_options: null },
  },
  subscription_update: { ...BASE_FEATURES.subscription_update, default_allowed_updates: ['price', 'quantity'], proration_behavior: 'always_invoice' },
};

const at = (...path: (string | number)[]) => paramName(['features', 'subscription_update', 'products', ...path]);

/** Each listed product exists and each of its prices is a recurring price of it. */
async function checkProducts(ctx: Ctx, products: NonNullable<NonNullable<FeaturesParam['subscription_update']>['products']>): Promise<PortalProduct[]> {
  const out: PortalProduct[] = [];
  for (const [i, entry] of products.entries()) {
    await requireProduct(ctx, entry.product, at(i, 'product'));
    if (entry.prices.length === 0) throw BursarError.invalid('Each product needs at least one price.', at(i, 'prices'));
    for (const [j, id] of entry.prices.entries()) {
      const price = await requirePrice(ctx, id, at(i, 'prices', j));
      if (price.product !== entry.product) throw BursarError.invalid(`Price ${id} is not a price of product ${entry.product}.`, at(i, 'prices', j));
      if (price.recurring_interval === null) throw BursarError.invalid(`Price ${id} is not a recurring price.`, at(i, 'prices', j));
    }
    const q = entry.adjustable_quantity;
    const minimum = q?.minimum ?? 1;
    const maximum = q?.maximum ?? null;
    if ((maximum ?? DEFAULT_MAXIMUM_QUANTITY) < minimum) {
      throw BursarError.invalid(`maximum (${maximum ?? `${DEFAULT_MAXIMUM_QUANTITY} when not given`}) must be at least minimum.`, at(i, 'adjustable_quantity', 'maximum'));
    }
    out.push({ product: entry.product, prices: [...new Set(entry.prices)], adjustable_quantity: { enabled: q?.enabled ?? false, maximum, minimum } });
  }
  return out;
}

/** `features` with the given parameters applied over `current`, field by field. */
export async function applyFeatures(ctx: Ctx, current: PortalFeatures, p: FeaturesParam | undefined): Promise<PortalFeatures> {
  if (!p) return current;
  const next = structuredClone(current);
  if (p.customer_update) {
    const u = p.customer_update;
    next.customer_update = {
      enabled: u.enabled ?? current.customer_update.enabled,
      allowed_updates: u.allowed_updates === undefined ? current.customer_update.allowed_updates : [...new Set(u.allowed_updates ?? [])],
    };
  }
  if (p.invoice_history) next.invoice_history = { enabled: p.invoice_history.enabled };
  if (p.payment_method_update) {
    const pm = p.payment_method_update;
    if (pm.payment_method_configuration) {
      throw BursarError.invalid('Payment method configurations are not supported.', 'features[payment_method_update][payment_method_configuration]');
    }
    next.payment_method_update = { enabled: pm.enabled, payment_method_configuration: null };
  }
  if (p.subscription_cancel) {
    const c = p.subscription_cancel;
    const reason = c.cancellation_reason;
    next.subscription_cancel = {
      enabled: c.enabled ?? current.subscription_cancel.enabled,
      mode: c.mode ?? current.subscription_cancel.mode,
      proration_behavior: c.proration_behavior ?? current.subscription_cancel.proration_behavior,
      cancellation_reason: reason
        ? { enabled: reason.enabled, options: reason.options === undefined ? current.subscription_cancel.cancellation_reason.options : [...new Set(reason.options ?? [])], feedback_options: null }
        : current.subscription_cancel.cancellation_reason,
    };
  }
  if (p.subscription_update) {
    const u = p.subscription_update;
    const cur = current.subscription_update;
    next.subscription_update = {
      ...cur,
      enabled: u.enabled ?? cur.enabled,
      default_allowed_updates: u.default_allowed_updates === undefined ? cur.default_allowed_updates : [...new Set(u.default_allowed_updates ?? [])],
      products: u.products === undefined ? cur.products : await checkProducts(ctx, u.products ?? []),
      proration_behavior: u.proration_behavior ?? cur.proration_behavior,
      schedule_at_period_end:
        u.schedule_at_period_end?.conditions === undefined ? cur.schedule_at_period_end : { conditions: u.schedule_at_period_end.conditions ?? [] },
    };
  }
  return next;
}
