import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { phasesOf } from '../modules/subscription-schedules/object.ts';
import { requireSchedule } from '../modules/subscription-schedules/service.ts';
import type { SubscriptionObject } from '../modules/subscriptions/object.ts';
import type { PortalEnv, PortalRequest } from './context.ts';
import { itemsText, ownSubscription } from './describe.ts';
import { isolated } from './i18n/locale.ts';
import { portalPage } from './layout.ts';

/** What a subscription's schedule has coming: its next phase's plan and start, or the date it ends the subscription. */
export type Ahead = { kind: 'phase'; plan: string; at: number } | { kind: 'ends'; at: number };

/**
 * What comes next under the schedule managing `sub`; null when nothing does (its last phase
 * releases the subscription, which then simply renews).
 */
export async function scheduleAhead(p: PortalRequest, sub: SubscriptionObject): Promise<Ahead | null> {
  if (sub.schedule === null) return null;
  const schedule = await requireSchedule(p.ctx, sub.schedule);
  if (schedule.status !== 'active' || schedule.current_phase === null) return null;
  const phases = phasesOf(schedule);
  const next = phases[schedule.current_phase + 1];
  if (next) return { kind: 'phase', plan: await itemsText(p.ctx, p.frame.locale, next.items), at: next.start_date };
  return schedule.end_behavior === 'cancel' ? { kind: 'ends', at: phases[schedule.current_phase].end_date } : null;
}

/** Whom the customer asks about a scheduled subscription, isolated for right-to-left text. */
const business = (p: PortalRequest) => ({ business: isolated(p.frame.locale, p.frame.business) });

export const scheduleNote = (p: PortalRequest) => p.frame.locale.t('overview.schedule_note', business(p));

/**
 * Stripe's portal neither changes nor cancels a subscription a schedule manages (its
 * phases and end_behavior say what happens): every action page of one, reached by a
 * link, a session flow or a posted form, answers this page saying why.
 */
async function scheduleRefusal(c: Context<PortalEnv>) {
  const p = c.get('portal');
  const { t } = p.frame.locale;
  // Not an alert: the customer did nothing wrong, the page says what is so.
  const body = html`<p>${t('schedule.refused.body', business(p))}</p><div class="actions"><a class="button secondary" href="/p">${t('plan.back')}</a></div>`;
  return c.html(await portalPage(p.frame, null, t('schedule.refused.title'), body), 409);
}

/** Action paths of a subscription the schedule makes unavailable (the portal's own scheduled change stays the customer's to drop). */
const REFUSED = /^\/p\/subscriptions\/[^/]+\/(cancel|retention|renew|update(\/confirm)?)$/;

export function mountScheduleGuard(app: Hono<PortalEnv>): void {
  app.use('/p/subscriptions/:id/*', async (c, next) => {
    if (!REFUSED.test(c.req.path)) return next();
    const p = c.get('portal');
    const sub = await ownSubscription(p.ctx, p.customer.id, c.req.param('id')!);
    if (sub?.schedule) return scheduleRefusal(c);
    return next();
  });
}
