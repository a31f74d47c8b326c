import type { Hono } from 'hono';
import { html } from 'hono/html';
import { listSubscriptions } from '../modules/subscriptions/service.ts';
import { listInvoices, retrieveInvoice } from '../modules/invoices/service.ts';
import { PAYABLE } from '../web/invoice-payment.ts';
import type { InvoiceObject } from '../modules/invoices/object.ts';
import { payLink } from './pay.ts';
import type { SubscriptionObject } from '../modules/subscriptions/object.ts';
import { canChangePlan } from '../modules/portal-configurations/plan-changes.ts';
import type { PortalEnv, PortalRequest } from './context.ts';
import { itemsText, nextInvoice, priceText, productName } from './describe.ts';
import { scheduleAhead, scheduleNote } from './schedule-managed.ts';
import type { MessageKey } from './i18n/en.ts';
import { noticeBox, portalPage, postButton, type Frame } from './layout.ts';
import { isolated } from './i18n/locale.ts';

/** Notices a redirect may ask for after an action (`?done=`): only these keys are shown. */
export const DONE_KEYS = ['plan_updated', 'canceled', 'renewed', 'card_added', 'card_default', 'card_removed', 'details_updated', 'offer_accepted', 'change_scheduled', 'scheduled_change_canceled', 'tax_id_added', 'tax_id_removed', 'invoice_paid'] as const;

export function doneNotice(frame: Frame, done: string | undefined) {
  return noticeBox(done && (DONE_KEYS as readonly string[]).includes(done) ? frame.locale.t(`done.${done}` as MessageKey) : null);
}

const LIVE = new Set(['trialing', 'active', 'past_due', 'unpaid', 'incomplete', 'paused']);

async function subscriptionCard(p: PortalRequest, sub: SubscriptionObject) {
  const { frame, ctx, config } = p;
  const { t, date, money } = frame.locale;
  const items = await Promise.all(
    sub.items.data.map(async (item) => html`<li>${await productName(ctx, item.price.product)} – ${priceText(frame.locale, item.price)}${item.quantity !== 1 ? html` × ${item.quantity}` : ''}</li>`),
  );
  const features = config.features;
  // A schedule says how the subscription changes and ends: the portal offers neither (as Stripe's), it shows what is coming.
  const managed = sub.schedule !== null;
  const ahead = await scheduleAhead(p, sub);
  // The preview bills the current items: by the time a next phase starts, it no longer says what is charged.
  const next = await nextInvoice(ctx, sub);
  const canUpdate = !managed && canChangePlan(features.subscription_update, sub);
  const canCancel = !managed && features.subscription_cancel.enabled && sub.cancel_at === null && LIVE.has(sub.status);
  // An article, not a region landmark: two subscriptions of one product would be two landmarks of one name.
  return html`<article class="card" aria-labelledby="sub-${sub.id}">
<h2 id="sub-${sub.id}">${await productName(ctx, sub.items.data[0].price.product)} <span class="badge">${t(`status.${sub.status}` as MessageKey)}</span></h2>
${sub.description ? html`<p>${sub.description}</p>` : ''}
<ul>${items}</ul>
<dl>
${sub.trial_end && sub.status === 'trialing' ? html`<dt>${t('overview.trial_ends')}</dt><dd>${date(sub.trial_end)}</dd>` : ''}
${next && sub.status !== 'incomplete' && !(ahead?.kind === 'phase' && ahead.at <= next.date) ? html`<dt>${t('overview.next_invoice')}</dt><dd>${t('overview.next_invoice_value', { amount: money(next.amountDue, next.currency), date: date(next.date) })}</dd>` : ''}
${sub.cancel_at && !managed ? html`<dt>${t('overview.cancels_on')}</dt><dd>${date(sub.cancel_at)}</dd>` : ''}
${ahead?.kind === 'phase' ? html`<dt>${t('overview.scheduled_change')}</dt><dd>${t('overview.scheduled_change_value', { plan: ahead.plan, date: date(ahead.at) })}</dd>` : ''}
${ahead?.kind === 'ends' ? html`<dt>${t('overview.ends_on')}</dt><dd>${date(ahead.at)}</dd>` : ''}
${sub.scheduled_change ? html`<dt>${t('overview.scheduled_change')}</dt><dd>${t('overview.scheduled_change_value', { plan: await itemsText(ctx, frame.locale, sub.scheduled_change.items), date: date(sub.scheduled_change.effective_at) })}</dd>` : ''}
</dl>
${managed ? html`<p>${scheduleNote(p)}</p>` : ''}
<div class="actions">
${canUpdate ? html`<a class="button" href="/p/subscriptions/${sub.id}/update">${t('overview.change_plan')}</a>` : ''}
${canCancel ? html`<a class="button secondary" href="/p/subscriptions/${sub.id}/cancel">${t('overview.cancel')}</a>` : ''}
${!managed && sub.cancel_at !== null && sub.status !== 'canceled' && features.subscription_cancel.enabled ? postButton(frame, `/p/subscriptions/${sub.id}/renew`, t('overview.renew')) : ''}
${sub.scheduled_change ? postButton(frame, `/p/subscriptions/${sub.id}/scheduled-change/cancel`, t('overview.cancel_scheduled_change'), 'secondary') : ''}
</div>
</article>`;
}

/** Subscriptions whose payment failed or never completed: each gets a banner that leads to paying. */
const AWAITING_PAYMENT = new Set(['incomplete', 'past_due', 'unpaid']);

/**
 * A banner for each subscription awaiting payment, leading to paying its latest invoice; paying
 * it makes the subscription active again and the banner goes. Without an invoice to pay (it was
 * voided), a failed payment leads to the cards.
 */
async function paymentBanners(p: PortalRequest, subs: SubscriptionObject[]) {
  const { frame, ctx } = p;
  const { t, money } = frame.locale;
  const banners = subs.filter((s) => AWAITING_PAYMENT.has(s.status)).map(async (sub) => {
    const invoice = sub.latest_invoice ? await retrieveInvoice(ctx, sub.latest_invoice) : null;
    const incomplete = sub.status === 'incomplete';
    if (!invoice || !PAYABLE.has(invoice.status)) {
      if (incomplete) return '';
      return html`<div class="alert" role="alert">${t('overview.past_due')} ${frame.sections.includes('payment_methods') ? html`<a href="/p/payment-methods">${t('overview.update_card')}</a>` : ''}</div>`;
    }
    const text = { plan: isolated(frame.locale, await productName(ctx, sub.items.data[0].price.product)), amount: isolated(frame.locale, money(invoice.amount_remaining, invoice.currency)) };
    return html`<div class="alert" role="alert">${t(incomplete ? 'overview.incomplete' : 'overview.past_due_pay', text)} <a href="/p/invoices/${invoice.id}/pay?from=overview">${t(incomplete ? 'overview.complete_payment' : 'overview.pay_now')}</a></div>`;
  });
  return Promise.all(banners);
}

/** The customer's open invoices, each with its Pay action. */
function invoicesDue(p: PortalRequest, invoices: InvoiceObject[]) {
  const { t, money } = p.frame.locale;
  return html`<section class="card" aria-labelledby="invoices-due"><h2 id="invoices-due">${t('overview.invoices_due')}</h2>
<ul class="plain">${invoices.map(
    (i) => html`<li class="due"><span>${t('overview.invoice_due', { number: isolated(p.frame.locale, i.number ?? i.id), amount: isolated(p.frame.locale, money(i.amount_remaining, i.currency)) })}</span> ${payLink(t, i, 'overview')}</li>`,
  )}</ul></section>`;
}

export function mountOverview(app: Hono<PortalEnv>): void {
  app.get('/p', async (c) => {
    const p = c.get('portal');
    const { frame, ctx, customer } = p;
    const { t } = frame.locale;
    const subs = (await listSubscriptions(ctx, { limit: 100 }, { customer: customer.id })).data;
    const cards = await Promise.all(subs.map((s) => subscriptionCard(p, s)));
    const due = (await listInvoices(ctx, { limit: 10 }, { customer: customer.id, status: 'open' })).data;
    const body = html`${doneNotice(frame, c.req.query('done'))}
${await paymentBanners(p, subs)}
${due.length > 0 ? invoicesDue(p, due) : ''}
${subs.length === 0 ? html`<p>${t('overview.none')}</p>` : cards}`;
    return c.html(await portalPage(frame, 'overview', t('overview.title'), body));
  });
}
