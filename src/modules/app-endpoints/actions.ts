import type { Ctx } from '../../context.ts';
import { retrieveProduct } from '../products/service.ts';
import { createSession } from '../portal-sessions/service.ts';
import type { SubscriptionObject } from '../subscriptions/object.ts';
import { updateSubscription } from '../subscriptions/update.ts';
import type { Contract } from './contract.ts';
import { currentSubscription } from './customer.ts';
import { refuse, type Refusal } from './refusal.ts';

export type Fields = Partial<Record<'return_url' | 'configuration' | 'price', string>>;

/**
 * The subscription as a settings page reads it: `plan.name`, `status`, `currentPeriodEnd`
 * (an ISO date, so `new Date(…)` parses it), and what a plan switcher needs.
 */
async function summary(ctx: Ctx, sub: SubscriptionObject | null) {
  if (!sub) return null;
  const price = sub.items.data[0]?.price;
  const product = price ? await retrieveProduct(ctx, price.product as string) : null;
  return {
    id: sub.id,
    status: sub.status,
    plan: price ? { id: price.id, name: product?.name ?? null, amount: price.unit_amount, currency: price.currency, interval: price.recurring?.interval ?? null } : null,
    currentPeriodStart: new Date(sub.current_period_start * 1000).toISOString(),
    currentPeriodEnd: new Date(sub.current_period_end * 1000).toISOString(),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
  };
}

const noSubscription = () => refuse('invalid_request', 'No active subscription', { param: 'subscription', type: 'invalid' });

/** Runs the contract's action for the customer (inside the request's transaction); values for the success envelope. */
export async function runAction(ctx: Ctx, contract: Contract, customer: string, fields: Fields): Promise<Record<string, unknown> | Refusal> {
  switch (contract.action) {
    case 'portal_session': {
      const session = await createSession(ctx, { customer, return_url: fields.return_url, configuration: fields.configuration });
      return { url: session.url, id: session.id, return_url: session.return_url, expires_at: session.expires_at, customer };
    }
    case 'subscription':
      return { subscription: await summary(ctx, await currentSubscription(ctx, customer)) };
    case 'cancel_subscription': {
      const sub = await currentSubscription(ctx, customer);
      if (!sub) return noSubscription();
      return { subscription: await summary(ctx, await updateSubscription(ctx, sub.id, { cancel_at_period_end: true })) };
    }
    case 'update_subscription': {
      const sub = await currentSubscription(ctx, customer);
      if (!sub) return noSubscription();
      const item = sub.items.data[0];
      const updated = await updateSubscription(ctx, sub.id, { items: [{ id: item.id, price: fields.price }], proration_behavior: 'create_prorations', cancel_at_period_end: false });
      return { subscription: await summary(ctx, updated) };
    }
  }
}
