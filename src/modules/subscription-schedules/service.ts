import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { loadTaxRates } from '../invoice-items/service.ts';
import { phasesOf, toScheduleObject, type ScheduleObject } from './object.ts';
import { findSchedule, listScheduleRows, type ScheduleRow } from './repository.ts';
import type { ListSchedulesParams } from './schemas.ts';
import type { EventType } from '../events/event-types.ts';

export async function requireSchedule(ctx: Ctx, id: string, param = 'id'): Promise<ScheduleRow> {
  const row = await findSchedule(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('subscription_schedule', id, param);
  return row;
}

/** The schedule with the tax rates its phases name loaded. */
export async function toSchedule(ctx: Ctx, row: ScheduleRow): Promise<ScheduleObject> {
  const ids = new Set(phasesOf(row).flatMap((p) => [...p.default_tax_rates, ...p.items.flatMap((i) => i.tax_rates)]));
  const rates = new Map((await loadTaxRates(ctx, [...ids])).map((r) => [r.id, r]));
  return toScheduleObject(row, (list) => list.flatMap((id) => rates.get(id) ?? []));
}

/** What follows `subscription_schedule.` in Stripe's schedule event types (created, updated, released …). */
type ScheduleEventOf<T> = T extends `subscription_schedule.${infer Kind}` ? Kind : never;

/** Records a schedule event; for `updated`, `before` is the row as it was (nothing changed: no event). */
export async function recordScheduleEvent(ctx: Ctx, type: ScheduleEventOf<EventType>, row: ScheduleRow, before?: ScheduleRow): Promise<ScheduleObject> {
  const object = await toSchedule(ctx, row);
  await recordEvent(ctx, `subscription_schedule.${type}`, object, before && (await toSchedule(ctx, before)));
  return object;
}

export async function retrieveSchedule(ctx: Ctx, id: string): Promise<ScheduleObject> {
  return toSchedule(ctx, await requireSchedule(ctx, id));
}

export async function listSchedules(ctx: Ctx, p: ListSchedulesParams) {
  if (p.customer !== undefined) await requireCustomer(ctx, p.customer, 'customer');
  const filter = { customer: p.customer, scheduled: p.scheduled, created: p.created, canceledAt: p.canceled_at, completedAt: p.completed_at, releasedAt: p.released_at };
  const { rows, hasMore } = await listScheduleRows(ctx.db, ctx.scope, p as Page, filter);
  const data: ScheduleObject[] = [];
  for (const row of rows) data.push(await toSchedule(ctx, row));
  return listObject('/v1/subscription_schedules', data, hasMore);
}
