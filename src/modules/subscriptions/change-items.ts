import type { Updateable } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { SubscriptionsTable } from '../../db/schema.ts';
import { billSubscription } from './bill.ts';
import { collectForSubscription, type PaymentBehavior } from './collect.ts';
import { cycleColumns, planSubscriptionChange, type ProrationBehavior } from './change-plan.ts';
import { insertProrations } from './prorations.ts';
import type { EntryAt } from './items.ts';
import type { SubscriptionRow } from './repository.ts';
import type { UpdateItemParam } from './schemas.ts';

/**
 * Changes a subscription's items at `at`, prorated by `behavior`, and answers the columns the
 * change sets besides `patch` (the other settings of the same change, which bill with it).
 * A move to another interval restarts the cycle and bills it at once; always_invoice bills
 * the prorations now.
 */
export async function changeItems(
  ctx: Ctx,
  row: SubscriptionRow,
  entries: readonly UpdateItemParam[],
  options: {
    behavior: ProrationBehavior;
    /** When the change counts from (prorations); `billedAt`, when an invoice of prorations is made (now, by default `at`). */
    at: number;
    billedAt?: number;
    patch: Updateable<SubscriptionsTable>;
    paymentBehavior: PaymentBehavior;
    offSession?: boolean | undefined;
    entryAt?: EntryAt;
  },
): Promise<Updateable<SubscriptionsTable>> {
  const { behavior, at } = options;
  const billedAt = options.billedAt ?? at;
  const plan = await planSubscriptionChange(ctx, row, entries, behavior, at, options.entryAt);
  const prorations = await insertProrations(ctx, plan.prorations);
  await plan.items.apply();
  // A change of items now replaces a change scheduled for the period end.
  const columns: Updateable<SubscriptionsTable> = { ...(row.scheduled_change !== null && { scheduled_change: null }), ...cycleColumns(row, plan) };
  if (plan.cycle || (behavior === 'always_invoice' && prorations.length > 0)) {
    // Billed with the settings this change gives (a new payment method pays it).
    const current = { ...row, ...options.patch, ...columns } as SubscriptionRow;
    const invoice = plan.cycle
      ? await billSubscription(ctx, current, 'subscription_update', plan.cycle, { withPending: true })
      : await billSubscription(ctx, current, 'subscription_update', { start: billedAt, end: billedAt }, { pendingOnly: true });
    columns.latest_invoice = invoice;
    await collectForSubscription(ctx, invoice, current, options.paymentBehavior, options.offSession);
  }
  return columns;
}
