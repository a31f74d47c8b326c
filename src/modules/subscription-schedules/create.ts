import type { Ctx } from '../../context.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { parseJson } from '../../kit/json.ts';
import { requireCustomer } from '../customers/service.ts';
import { discountsOf } from '../invoices/discounts.ts';
import { clockTime } from '../test-clocks/time-on.ts';
import { itemsOf } from '../subscriptions/repository.ts';
import { requireSubscription } from '../subscriptions/service.ts';
import { ENDED, patchSubscription } from './advance.ts';
import { nextAt } from './next-step.ts';
import type { ScheduleObject } from './object.ts';
import { MAX_HORIZON, resolveDefaults, resolvePhases, type StoredDefaults, type StoredPhase } from './phases.ts';
import { insertSchedule, scheduleOfSubscription, type ScheduleRow } from './repository.ts';
import type { CreateScheduleParams } from './schemas.ts';
import { recordScheduleEvent } from './service.ts';
import { startSchedule } from './start.ts';

/** When a schedule starts: now (`now` or nothing), or a time to come; backdating is not supported. */
export function startOf(given: number | 'now' | undefined, now: number, param: string): number {
  if (given === undefined || given === 'now') return now;
  if (given < now) throw BursarError.invalid('A start_date in the past (backdating) is not supported: give a time to come, or now.', param);
  if (given > now + MAX_HORIZON) throw BursarError.invalid('A schedule must start within 100 years from now.', param);
  return given;
}

const rowBase = (ctx: Ctx, created: number) => ({ id: newId('sub_sched'), project_id: ctx.scope.projectId, livemode: ctx.scope.livemode ? 1 : 0, created });

/**
 * Creates a schedule from its phases. Starting now, its subscription is created at once and
 * the schedule is active; starting later, it is not_started and the billing jobs start it.
 */
async function createFromPhases(ctx: Ctx, p: CreateScheduleParams): Promise<ScheduleObject> {
  if (p.customer === undefined) throw BursarError.invalid('Missing required param: customer.', 'customer', 'parameter_missing');
  if (p.phases === undefined) throw BursarError.invalid('Missing required param: phases.', 'phases', 'parameter_missing');
  const customer = await requireCustomer(ctx, p.customer, 'customer');
  const now = await clockTime(ctx, customer.test_clock);
  const start = startOf(p.start_date, now, 'start_date');
  const defaults = await resolveDefaults(ctx, p.default_settings, customer.id);
  const phases = await resolvePhases(ctx, p.phases, { customer: customer.id, defaults, start, now });
  const status = { status: 'not_started', current_phase: null, expiring_sent: 0 };
  let row: ScheduleRow = await insertSchedule(ctx.db, {
    ...rowBase(ctx, now),
    ...status,
    customer: customer.id,
    subscription: null,
    end_behavior: p.end_behavior ?? 'release',
    default_settings: JSON.stringify(defaults),
    phases: JSON.stringify(phases),
    next_at: nextAt(status, phases),
    test_clock: customer.test_clock,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  if (start === now) row = (await startSchedule(ctx, row, now))!;
  return recordScheduleEvent(ctx, 'created', row);
}

/** The phase a running subscription is in, as a schedule adopting it keeps it: its current period, items and settings. */
async function mirrorPhase(ctx: Ctx, sub: Awaited<ReturnType<typeof requireSubscription>>): Promise<StoredPhase> {
  const items = await itemsOf(ctx.db, ctx.scope, sub.id);
  return {
    start_date: sub.current_period_start,
    end_date: sub.current_period_end,
    items: items.map((i) => ({ price: i.price, quantity: i.quantity, tax_rates: parseJson<string[]>(i.tax_rates, []), metadata: parseJson(i.metadata, {}) })),
    trial_end: sub.status === 'trialing' ? sub.trial_end : null,
    proration_behavior: 'create_prorations',
    collection_method: sub.collection_method,
    days_until_due: sub.days_until_due,
    default_payment_method: sub.default_payment_method,
    default_tax_rates: parseJson<string[]>(sub.default_tax_rates, []),
    discounts: discountsOf(sub).map((d) => ({ coupon: d.coupon, promotion_code: d.promotion_code, discount: d.id })),
    metadata: {},
    description: null,
    currency: sub.currency,
  };
}

/**
 * Adopts a running subscription: one phase mirroring its current period, ending with it;
 * the schedule is active at once and the subscription names it. A subscription set to
 * cancel at its period end gives end_behavior=cancel.
 */
async function createFromSubscription(ctx: Ctx, id: string, p: CreateScheduleParams): Promise<ScheduleObject> {
  for (const param of ['customer', 'phases', 'start_date', 'end_behavior', 'default_settings'] as const) {
    if (p[param] !== undefined) throw BursarError.invalid(`You cannot set \`${param}\` when \`from_subscription\` is set.`, param);
  }
  const sub = await requireSubscription(ctx, id, 'from_subscription');
  if (ENDED.includes(sub.status)) throw BursarError.invalid(`The subscription ${id} has ended; only a running subscription can be managed by a schedule.`, 'from_subscription');
  if (sub.schedule !== null || (await scheduleOfSubscription(ctx.db, ctx.scope, id))) {
    throw BursarError.invalid(`You cannot migrate a subscription that is already attached to a schedule: ${sub.schedule}.`, 'from_subscription');
  }
  const now = await clockTime(ctx, sub.test_clock);
  const phases = [await mirrorPhase(ctx, sub)];
  const defaults: StoredDefaults = { collection_method: sub.collection_method, days_until_due: sub.days_until_due, default_payment_method: sub.default_payment_method, description: null };
  const status = { status: 'active', current_phase: 0, expiring_sent: 0 };
  const row = await insertSchedule(ctx.db, {
    ...rowBase(ctx, now),
    ...status,
    customer: sub.customer,
    subscription: sub.id,
    end_behavior: sub.cancel_at_period_end === 1 ? 'cancel' : 'release',
    default_settings: JSON.stringify(defaults),
    phases: JSON.stringify(phases),
    next_at: nextAt(status, phases),
    test_clock: sub.test_clock,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  await patchSubscription(ctx, sub, { schedule: row.id });
  return recordScheduleEvent(ctx, 'created', row);
}

export async function createSchedule(ctx: Ctx, p: CreateScheduleParams): Promise<ScheduleObject> {
  return p.from_subscription === undefined ? createFromPhases(ctx, p) : createFromSubscription(ctx, p.from_subscription, p);
}
