import type { Ctx } from '../../context.ts';
import { retrieveProduct } from '../products/service.ts';
import { toConfigurationObject } from '../portal-configurations/object.ts';
import { canChangePlan, changePlan, requestedChange } from '../portal-configurations/plan-changes.ts';
import { configurationFor } from '../portal-configurations/service.ts';
import { createSession } from '../portal-sessions/service.ts';
import { currentPeriodOf, type SubscriptionObject } from '../subscriptions/object.ts';
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
    currentPeriodStart: new Date(currentPeriodOf(sub).start * 1000).toISOString(),
    currentPeriodEnd: new Date(currentPeriodOf(sub).end * 1000).toISOString(),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
  };
}

const noSubscription = () => refuse('invalid_request', 'No active subscription', { param: 'subscription', type: 'invalid' });

/** A schedule says how its subscription changes and ends: as in the portal, neither a cancel nor a plan change is made here. */
const scheduled = (sub: SubscriptionObject) =>
  refuse('invalid_request', `Subscription ${sub.id} follows a schedule that says how it changes and ends: it cannot be changed or canceled here.`, { param: 'subscription', type: 'invalid' });

/**
 * Switches the customer's plan to `price` as the portal would: only to a price the portal
 * configuration offers this subscription, prorated or scheduled as it says. A refusal
 * names the contract's price field.
 */
async function switchPlan(ctx: Ctx, contract: Contract, customer: string, fields: Fields) {
  const sub = await currentSubscription(ctx, customer);
  if (!sub) return noSubscription();
  if (sub.schedule !== null) return scheduled(sub);
  const config = await configurationFor(ctx, fields.configuration, contract.request.configuration?.name);
  const feature = toConfigurationObject(config).features.subscription_update;
  const field = contract.request.price?.name ?? 'price';
  const refused = (message: string) => refuse('invalid_request', `${field}: ${message}`, { param: field, type: 'invalid' });
  if (!canChangePlan(feature, sub)) return refused('the portal configuration offers this subscription no plan change (plan changes are off, or it is set to cancel).');
  const change = await requestedChange(ctx, feature, sub, { price: fields.price });
  // A configuration that does not let prices change keeps the item's own: that is no switch to the price asked for.
  if (change === null || ('price' in change && change.price.id !== fields.price)) return refused(`${fields.price} is not a plan the portal configuration offers this subscription.`);
  if ('allowed' in change) return refused(`${fields.price} does not allow the subscription's quantity (${change.item.quantity}).`);
  return { subscription: await summary(ctx, await changePlan(ctx, feature, sub, change)) };
}

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
      if (sub.schedule !== null) return scheduled(sub);
      return { subscription: await summary(ctx, await updateSubscription(ctx, sub.id, { cancel_at_period_end: true })) };
    }
    case 'update_subscription':
      return switchPlan(ctx, contract, customer, fields);
  }
}
