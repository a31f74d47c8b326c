import type { Ctx } from '../../context.ts';
import { mergeMetadata, paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { parseJson } from '../../kit/json.ts';
import { clockTime } from '../test-clocks/time-on.ts';
import { findSubscription } from '../subscriptions/repository.ts';
import { advanceSchedule, ENDED } from './advance.ts';
import { applyPhase } from './apply-phase.ts';
import { startOf } from './create.ts';
import { nextAt } from './next-step.ts';
import { defaultsOf, phasesOf, type ScheduleObject } from './object.ts';
import { resolveDefaults, resolvePhases, sameItems, type StoredPhase } from './phases.ts';
import { updateScheduleRow, type ScheduleRow } from './repository.ts';
import type { PhaseParam, UpdateScheduleParams } from './schemas.ts';
import { recordScheduleEvent, requireSchedule, toSchedule } from './service.ts';
import { startSchedule } from './start.ts';

/** Only a schedule still to start or running can change, release or cancel, as in Stripe. */
export function requireOpen(row: ScheduleRow, verb: string): void {
  if (row.status !== 'not_started' && row.status !== 'active') {
    throw BursarError.invalid(`You cannot ${verb} a subscription schedule whose status is \`${row.status}\`: only one that is \`not_started\` or \`active\`.`, 'id');
  }
}

const givenStart = (p: PhaseParam, now: number) => (p.start_date === undefined ? undefined : p.start_date === 'now' ? now : p.start_date);

/**
 * The phases of a running schedule once updated. Phases that have ended may be left out (they
 * are kept) or restated unchanged from where the list starts; the current phase keeps its
 * start; what follows replaces the rest.
 */
async function runningPhases(ctx: Ctx, row: ScheduleRow, given: readonly PhaseParam[], context: Omit<Parameters<typeof resolvePhases>[2], 'start'>): Promise<StoredPhase[]> {
  const existing = phasesOf(row);
  const current = row.current_phase!;
  const start = givenStart(given[0], context.now) ?? existing[current].start_date;
  const from = existing.findIndex((phase, i) => i <= current && phase.start_date === start);
  if (from < 0) {
    throw BursarError.invalid(`phases[0][start_date] must be the start of the current phase (${existing[current].start_date}) or of a phase before it: the current phase's start cannot change.`, 'phases[0][start_date]');
  }
  const resolved = await resolvePhases(ctx, given, { ...context, start });
  for (let i = 0; from + i < current; i++) {
    const was = existing[from + i];
    const now = resolved[i];
    if (!now || now.end_date !== was.end_date || !sameItems(now, was)) throw BursarError.invalid('You can not modify phases that have already ended.', paramName(['phases', i]));
  }
  const all = [...existing.slice(0, from), ...resolved];
  // A trial is the subscription's start: it stays as the schedule began it.
  for (const [k, phase] of all.entries()) {
    if (phase.trial_end !== (k === 0 ? existing[0].trial_end : null)) {
      throw BursarError.invalid('The trial of a running schedule cannot change: only the first phase has one, set when the schedule starts.', paramName(['phases', k - from, 'trial_end']));
    }
  }
  return all;
}

/**
 * Updates a schedule: its phases (the current one applied to the subscription now, prorated
 * by proration_behavior), end_behavior, default_settings, metadata. A schedule not started
 * whose new start is now starts at once; a current phase whose new end has come ends now.
 */
export async function updateSchedule(ctx: Ctx, id: string, p: UpdateScheduleParams): Promise<ScheduleObject> {
  const row = await requireSchedule(ctx, id);
  requireOpen(row, 'update');
  const now = await clockTime(ctx, row.test_clock);
  const defaults = await resolveDefaults(ctx, p.default_settings, row.customer, defaultsOf(row));
  const context = { customer: row.customer, defaults, now };
  let phases = phasesOf(row);
  if (p.phases !== undefined) {
    phases =
      row.status === 'not_started'
        ? await resolvePhases(ctx, p.phases, { ...context, start: p.phases[0]?.start_date === undefined ? phases[0].start_date : startOf(p.phases[0].start_date, now, 'phases[0][start_date]') })
        : await runningPhases(ctx, row, p.phases, context);
  }
  const last = phasesOf(row).at(-1)!.end_date;
  const patch = {
    phases: JSON.stringify(phases),
    default_settings: JSON.stringify(defaults),
    end_behavior: p.end_behavior ?? row.end_behavior,
    metadata: JSON.stringify(mergeMetadata(parseJson(row.metadata, {}), p.metadata)),
    // A new end gets its own notice.
    expiring_sent: phases.at(-1)!.end_date === last ? row.expiring_sent : 0,
  };
  let updated = await updateScheduleRow(ctx.db, ctx.scope, id, { ...patch, next_at: nextAt({ ...row, ...patch }, phases) });
  if (updated.status === 'not_started' && updated.next_at! <= now) updated = (await startSchedule(ctx, updated, now)) ?? updated;
  else if (updated.status === 'active' && (p.phases !== undefined || p.end_behavior !== undefined || p.default_settings !== undefined)) {
    const sub = (await findSubscription(ctx.db, ctx.scope, updated.subscription!))!;
    // A subscription that ended on its own is left as it is (its schedule ends at its next step).
    if (!ENDED.includes(sub.status)) await applyPhase(ctx, updated, sub, updated.current_phase!, p.proration_behavior ?? 'create_prorations', now);
    if (phases[updated.current_phase!].end_date <= now) {
      await advanceSchedule(ctx, updated, now);
      updated = await requireSchedule(ctx, id);
    }
  }
  await recordScheduleEvent(ctx, 'updated', updated, row);
  return toSchedule(ctx, updated);
}
