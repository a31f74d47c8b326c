import type { StoredPhase } from './phases.ts';

/** Stripe sends subscription_schedule.expiring this long before a schedule ends. */
export const EXPIRING_NOTICE = 7 * 86_400;

export type ScheduleStep = 'start' | 'expiring' | 'advance';

interface Where {
  status: string;
  current_phase: number | null;
  expiring_sent: number;
}

/** When the expiring notice is due, if it is still to send: in the last phase, a week before its end. */
function expiringAt(at: Where, phases: readonly StoredPhase[]): number | null {
  const last = phases.length - 1;
  if (at.status !== 'active' || at.expiring_sent === 1 || at.current_phase !== last) return null;
  const notice = phases[last].end_date - EXPIRING_NOTICE;
  return notice >= phases[last].start_date ? notice : null;
}

/** When the billing jobs next move the schedule: its start, the notice, the end of its phase; null once it has ended. */
export function nextAt(at: Where, phases: readonly StoredPhase[]): number | null {
  if (at.status === 'not_started') return phases[0].start_date;
  if (at.status !== 'active' || at.current_phase === null) return null;
  const end = phases[at.current_phase].end_date;
  return Math.min(end, expiringAt(at, phases) ?? end);
}

/** The step due at `now`, if any. */
export function stepDue(at: Where & { next_at: number | null }, phases: readonly StoredPhase[], now: number): ScheduleStep | null {
  if (at.next_at === null || at.next_at > now) return null;
  if (at.status === 'not_started') return 'start';
  const notice = expiringAt(at, phases);
  return notice !== null && notice <= now && notice < phases[at.current_phase!].end_date ? 'expiring' : 'advance';
}
