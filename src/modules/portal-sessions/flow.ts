import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { requireValidCoupon } from '../coupons/service.ts';
import { checkPromotionCode } from '../promotion-codes/redemption.ts';
import type { PortalFeatures } from '../portal-configurations/object.ts';
import { allowedQuantity, quantityRange } from '../portal-configurations/quantity-range.ts';
import { requireSubscription } from '../subscriptions/service.ts';
import { itemsOf } from '../subscriptions/repository.ts';
import type { SessionFlow } from './object.ts';
import type { FlowDataParam } from './schemas.ts';

/** The flow's subscription: the customer's own, and not canceled. */
async function requireOwnSubscription(ctx: Ctx, id: string, customer: string, param: string) {
  const sub = await requireSubscription(ctx, id, param);
  if (sub.customer !== customer) throw BursarError.invalid(`Subscription ${id} does not belong to customer ${customer}.`, param);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') throw BursarError.invalid(`Subscription ${id} has ended.`, param);
  return sub;
}

function requireFeature(enabled: boolean, type: string, feature: string): void {
  if (!enabled) throw BursarError.invalid(`flow_data.type=${type} needs features[${feature}][enabled] in the session's configuration.`, 'flow_data[type]');
}

/** Checks `flow_data` against the customer and configuration, and gives the session's `flow`. */
export async function sessionFlow(ctx: Ctx, p: FlowDataParam | undefined, customer: string, features: PortalFeatures): Promise<SessionFlow | null> {
  if (!p) return null;
  const after = p.after_completion;
  if (after?.type === 'redirect' && !after.redirect) {
    throw BursarError.invalid('Missing required param: flow_data[after_completion][redirect][return_url].', 'flow_data[after_completion][redirect]', 'parameter_missing');
  }
  const flow: SessionFlow = {
    after_completion: {
      type: after?.type ?? 'portal_homepage',
      hosted_confirmation: after?.type === 'hosted_confirmation' ? { custom_message: after.hosted_confirmation?.custom_message ?? null } : null,
      redirect: after?.type === 'redirect' ? { return_url: after.redirect!.return_url } : null,
    },
    customer_update: null,
    subscription_cancel: null,
    subscription_pause: null,
    subscription_update: null,
    subscription_update_confirm: null,
    type: p.type,
  };
  const missing = (name: string) => BursarError.invalid(`Missing required param: flow_data[${name}].`, `flow_data[${name}]`, 'parameter_missing');
  switch (p.type) {
    case 'payment_method_update':
      requireFeature(features.payment_method_update.enabled, p.type, 'payment_method_update');
      break;
    case 'subscription_cancel': {
      if (!p.subscription_cancel) throw missing('subscription_cancel');
      requireFeature(features.subscription_cancel.enabled, p.type, 'subscription_cancel');
      const { subscription, retention } = p.subscription_cancel;
      await requireOwnSubscription(ctx, subscription, customer, 'flow_data[subscription_cancel][subscription]');
      if (retention) await requireValidCoupon(ctx, retention.coupon_offer.coupon, 'flow_data[subscription_cancel][retention][coupon_offer][coupon]');
      flow.subscription_cancel = { subscription, retention: retention ? { type: 'coupon_offer', coupon_offer: { coupon: retention.coupon_offer.coupon } } : null };
      break;
    }
    case 'subscription_update': {
      if (!p.subscription_update) throw missing('subscription_update');
      requireFeature(features.subscription_update.enabled, p.type, 'subscription_update');
      await requireOwnSubscription(ctx, p.subscription_update.subscription, customer, 'flow_data[subscription_update][subscription]');
      flow.subscription_update = { subscription: p.subscription_update.subscription };
      break;
    }
    case 'subscription_update_confirm': {
      const confirm = p.subscription_update_confirm;
      if (!confirm) throw missing('subscription_update_confirm');
      requireFeature(features.subscription_update.enabled, p.type, 'subscription_update');
      const sub = await requireOwnSubscription(ctx, confirm.subscription, customer, 'flow_data[subscription_update_confirm][subscription]');
      const own = new Map((await itemsOf(ctx.db, ctx.scope, sub.id)).map((i) => [i.id, i]));
      for (const [i, item] of confirm.items.entries()) {
        const current = own.get(item.id);
        if (!current) throw BursarError.notFound('subscription_item', item.id, `flow_data[subscription_update_confirm][items][${i}][id]`);
        // The customer confirms what the flow asks; the configuration's quantity rules hold for it too.
        const range = quantityRange(features.subscription_update, item.price ?? current.price);
        if (allowedQuantity(range, item.quantity, current.quantity) === null) {
          const why = range ? `a whole number from ${range.minimum} to ${range.maximum}` : `${current.quantity}: the configuration does not let this price's quantity change`;
          throw BursarError.invalid(`The quantity must be ${why}.`, `flow_data[subscription_update_confirm][items][${i}][quantity]`);
        }
      }
      for (const [i, d] of (confirm.discounts ?? []).entries()) {
        const param = `flow_data[subscription_update_confirm][discounts][${i}]`;
        if ((d.coupon === undefined) === (d.promotion_code === undefined)) throw BursarError.invalid('Each discount takes exactly one of coupon and promotion_code.', param);
        if (d.coupon !== undefined) await requireValidCoupon(ctx, d.coupon, `${param}[coupon]`);
        else await checkPromotionCode(ctx, d.promotion_code!);
      }
      flow.subscription_update_confirm = {
        subscription: sub.id,
        items: confirm.items.map((i) => ({ id: i.id, price: i.price ?? null, ...(i.quantity !== undefined && { quantity: i.quantity }) })),
        discounts: confirm.discounts ? confirm.discounts.map((d) => ({ coupon: d.coupon ?? null, promotion_code: d.promotion_code ?? null })) : null,
      };
      break;
    }
  }
  return flow;
}
