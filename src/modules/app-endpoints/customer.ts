import type { Ctx } from '../../context.ts';
import { customersByReference } from '../customers/repository.ts';
import { findCustomer } from '../customers/repository.ts';
import { listSubscriptions } from '../subscriptions/service.ts';
import type { SubscriptionObject } from '../subscriptions/object.ts';
import type { Caller } from './caller.ts';
import type { Contract } from './contract.ts';
import { refuse, type Refusal } from './refusal.ts';
import type { SettingsRow } from './repository.ts';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

/**
 * The one customer a caller stands for: a key names it; a token's claim (the subject, or its
 * organization claim) must match exactly one live customer's reference field.
 */
export async function customerOfCaller(ctx: Ctx, caller: Caller, contract: Contract, settings: SettingsRow): Promise<string | Refusal> {
  if (caller.kind === 'key') {
    const row = await findCustomer(ctx.db, ctx.scope, caller.customer);
    return row && row.deleted_at === null ? row.id : refuse('customer_not_found');
  }
  const { claim, subject_claim: subjectClaim } = contract.customer;
  const subject = text(caller.claims[subjectClaim]);
  if (subject === null) return refuse('user_not_found');
  const reference = claim === subjectClaim ? subject : text(caller.claims[claim]);
  if (reference === null) return refuse('no_organization');
  const found = await customersByReference(ctx.db, ctx.scope, settings.customer_reference, reference);
  // Two customers with one reference is a data error: better no portal than someone else's.
  return found.length === 1 ? found[0].id : refuse('customer_not_found');
}

/** The customer's current subscription: the newest trialing, active or past-due one. */
export async function currentSubscription(ctx: Ctx, customer: string): Promise<SubscriptionObject | null> {
  for (const status of ['active', 'trialing', 'past_due']) {
    const { data } = await listSubscriptions(ctx, { limit: 1 }, { customer, status });
    if (data[0]) return data[0];
  }
  return null;
}

/** A paid plan: a current subscription with an item priced above zero. */
export function isPaid(subscription: SubscriptionObject | null): boolean {
  return subscription !== null && subscription.items.data.some((item) => (item.price.unit_amount ?? 0) > 0 || Number(item.price.unit_amount_decimal ?? 0) > 0);
}
