import type { Ctx } from '../context.ts';
import { discountsOf, type StoredDiscount } from '../modules/invoices/discounts.ts';
import type { RequestedChange } from '../modules/portal-configurations/plan-changes.ts';
import { resolvePromotionCode } from '../modules/promotion-codes/redemption.ts';
import type { SubscriptionObject } from '../modules/subscriptions/object.ts';
import { requireSubscription } from '../modules/subscriptions/service.ts';
import type { PortalRequest } from './context.ts';
import { flowOf } from './session-routes.ts';

type AddedDiscount = { coupon: string } | { promotion_code: string };

export interface AddedDiscounts {
  extra: AddedDiscount[];
  /** The promotion code the customer typed, as the code reads; null without one. */
  code: string | null;
}

/**
 * The discounts a change adds: the ones its subscription_update_confirm flow gives, and the
 * promotion code the customer typed (when the configuration allows codes), checked by the
 * promotion-code service (its minimum against the new plan's amount per period); a
 * refusal names `promotion_code`.
 */
export async function addedDiscounts(p: PortalRequest, sub: SubscriptionObject, change: RequestedChange, code: string | undefined): Promise<AddedDiscounts> {
  const flow = flowOf(p.session);
  const confirm = flow?.type === 'subscription_update_confirm' && flow.subscription_update_confirm!.subscription === sub.id ? flow.subscription_update_confirm! : null;
  const extra: AddedDiscount[] = (confirm?.discounts ?? []).map((d) => (d.promotion_code ? { promotion_code: d.promotion_code } : { coupon: d.coupon! }));
  const typed = code?.trim();
  if (!typed || !p.config.features.subscription_update.default_allowed_updates.includes('promotion_code')) return { extra, code: null };
  const amount = (change.price.unit_amount ?? 0) * change.quantity;
  const { promotionCode } = await resolvePromotionCode(p.ctx, typed, { customerId: sub.customer, currency: sub.currency, amount });
  return { extra: [...extra, { promotion_code: promotionCode.id }], code: promotionCode.code };
}

/** discounts[] for the update: the subscription's own kept, the added ones it does not have yet; undefined when nothing is added. */
export async function discountsAfter(ctx: Ctx, sub: SubscriptionObject, extra: readonly AddedDiscount[]) {
  const own: StoredDiscount[] = discountsOf(await requireSubscription(ctx, sub.id));
  const fresh = extra.filter((d) => !own.some((o) => ('promotion_code' in d ? o.promotion_code === d.promotion_code : o.coupon === d.coupon)));
  return fresh.length === 0 ? undefined : [...own.map((d) => ({ discount: d.id })), ...fresh];
}
