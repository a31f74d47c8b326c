import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { cancelSubscription } from '../modules/subscriptions/cancel.ts';
import { updateSubscription } from '../modules/subscriptions/update.ts';
import { addSubscriptionDiscount } from '../modules/subscriptions/add-discount.ts';
import { retrieveCoupon } from '../modules/coupons/service.ts';
import type { Ctx } from '../context.ts';
import { discountsOf } from '../modules/invoices/discounts.ts';
import { requireSubscription } from '../modules/subscriptions/service.ts';
import { currentPeriodOf, type SubscriptionObject } from '../modules/subscriptions/object.ts';
import { portalWrite, type PortalEnv, type PortalRequest } from './context.ts';
import { attempt, errorText, ownSubscription, productName } from './describe.ts';
import type { MessageKey } from './i18n/en.ts';
import { alertBox, csrfField, portalPage } from './layout.ts';
import { afterAction, flowOf, refuse } from './session-routes.ts';

const LIVE = new Set(['trialing', 'active', 'past_due', 'unpaid', 'incomplete', 'paused']);

/** The coupon the session's cancel flow offers to keep this subscription, unless the subscription has it already. */
async function retentionOffer(p: PortalRequest, sub: SubscriptionObject): Promise<string | null> {
  const cancel = flowOf(p.session)?.subscription_cancel;
  const coupon = cancel?.subscription === sub.id ? (cancel.retention?.coupon_offer.coupon ?? null) : null;
  if (!coupon) return null;
  const applied = discountsOf(await requireSubscription(p.ctx, sub.id)).some((d) => d.coupon === coupon);
  return applied ? null : coupon;
}

async function offerText(ctx: Ctx, p: PortalRequest, coupon: string): Promise<string> {
  const { t, money } = p.frame.locale;
  const c = await retrieveCoupon(ctx, coupon);
  const off = c.percent_off !== null ? `${c.percent_off}%` : money(c.amount_off ?? 0, c.currency ?? 'usd');
  return t(c.duration === 'once' ? 'cancel.offer.once' : c.duration === 'forever' ? 'cancel.offer.forever' : 'cancel.offer.months', { off, months: c.duration_in_months ?? 0 });
}

async function cancelPage(c: Context<PortalEnv>, sub: SubscriptionObject, error: string | null, status: 200 | 400 = 200) {
  const p = c.get('portal');
  const { frame, config } = p;
  const { t, date } = frame.locale;
  const feature = config.features.subscription_cancel;
  const when = sub.status === 'incomplete' ? t('cancel.incomplete') : feature.mode === 'immediately' ? t('cancel.now') : t('cancel.at_period_end', { date: date(currentPeriodOf(sub).end) });
  const reasons = feature.cancellation_reason;
  const coupon = await retentionOffer(p, sub);
  const body = html`${alertBox(error)}
<p>${t('cancel.intro', { plan: await productName(p.ctx, sub.items.data[0].price.product) })}</p>
<p>${when}</p>
${coupon
    ? html`<section class="card" aria-labelledby="offer"><h2 id="offer">${t('cancel.offer.title')}</h2><p>${await offerText(p.ctx, p, coupon)}</p>
<form method="post" action="/p/subscriptions/${sub.id}/retention">${csrfField(frame)}<button type="submit">${t('cancel.offer.accept')}</button></form></section>`
    : ''}
<form method="post" action="/p/subscriptions/${sub.id}/cancel">${csrfField(frame)}
${reasons.enabled && reasons.options.length > 0
    ? html`<fieldset><legend>${t('cancel.reason')}</legend>${reasons.options.map(
        (o) => html`<label><input type="radio" name="reason" value="${o}"> ${t(`reason.${o}` as MessageKey)}</label>`,
      )}</fieldset>
<label for="comment">${t('cancel.comment')}</label><textarea id="comment" name="comment" rows="3" maxlength="5000"></textarea>`
    : ''}
<div class="actions"><button type="submit" class="danger">${t('cancel.confirm')}</button><a class="button secondary" href="/p">${t('cancel.keep')}</a></div>
</form>`;
  return c.html(await portalPage(frame, null, t('cancel.title'), body), status);
}

/** Cancel (as the configuration says: at period end or now, with its proration) and renew. */
export function mountCancel(app: Hono<PortalEnv>): void {
  const load = async (c: Context<PortalEnv>) => {
    const p = c.get('portal');
    if (!p.config.features.subscription_cancel.enabled) return null;
    return ownSubscription(p.ctx, p.customer.id, c.req.param('id')!);
  };

  app.get('/p/subscriptions/:id/cancel', async (c) => {
    const sub = await load(c);
    if (!sub || !LIVE.has(sub.status)) return refuse(c, 'not_found', c.get('portal').session, c.get('portal').frame.locale);
    return cancelPage(c, sub, null);
  });

  app.post('/p/subscriptions/:id/cancel', async (c) => {
    const p = c.get('portal');
    const sub = await load(c);
    if (!sub || !LIVE.has(sub.status)) return refuse(c, 'not_found', p.session, p.frame.locale);
    const form = p.form;
    const feature = p.config.features.subscription_cancel;
    const reason = typeof form.reason === 'string' && feature.cancellation_reason.options.includes(form.reason) ? form.reason : null;
    const comment = typeof form.comment === 'string' && form.comment.trim() !== '' ? form.comment.trim().slice(0, 5000) : null;
    const details = { feedback: reason, comment };
    return attempt(
      async () => {
        await portalWrite(p, (ctx) =>
          // An incomplete subscription never started: it has no period to run to the end of.
          feature.mode === 'immediately' || sub.status === 'incomplete'
            ? cancelSubscription(ctx, sub.id, { cancellation_details: details, prorate: feature.proration_behavior !== 'none', invoice_now: feature.proration_behavior === 'always_invoice' })
            : updateSubscription(ctx, sub.id, { cancel_at_period_end: true, cancellation_details: details }),
        );
        return afterAction(c, 'subscription_cancel', '/p', 'canceled');
      },
      (error) => cancelPage(c, sub, errorText(p.frame.locale, error), 400),
    );
  });

  // Taking the cancel flow's retention offer keeps the subscription, with the coupon from now on.
  app.post('/p/subscriptions/:id/retention', async (c) => {
    const p = c.get('portal');
    const sub = await load(c);
    const coupon = sub && LIVE.has(sub.status) ? await retentionOffer(p, sub) : null;
    if (!sub || !coupon) return refuse(c, 'not_found', p.session, p.frame.locale);
    return attempt(
      async () => {
        await portalWrite(p, (ctx) => addSubscriptionDiscount(ctx, sub.id, { coupon }));
        return afterAction(c, 'subscription_cancel', '/p', 'offer_accepted');
      },
      (error) => cancelPage(c, sub, errorText(p.frame.locale, error), 400),
    );
  });

  app.post('/p/subscriptions/:id/renew', async (c) => {
    const p = c.get('portal');
    const sub = await load(c);
    if (!sub || sub.status === 'canceled' || sub.cancel_at === null) return refuse(c, 'not_found', p.session, p.frame.locale);
    await portalWrite(p, (ctx) => updateSubscription(ctx, sub.id, { cancel_at_period_end: false }));
    return c.redirect('/p?done=renewed', 303);
  });
}
