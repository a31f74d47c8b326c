import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { BursarError } from '../kit/errors.ts';
import type { Recurring } from '../billing/periods.ts';
import { previewInvoice, previewScheduledChange } from '../modules/invoices/preview.ts';
import type { PreviewObject } from '../modules/invoices/preview-object.ts';
import { balanceUse } from '../billing/balance-use.ts';
import { periodFrom } from '../modules/subscriptions/change-plan.ts';
import { currentPeriodOf, type SubscriptionItemObject, type SubscriptionObject } from '../modules/subscriptions/object.ts';
import { cancelScheduledChange } from '../modules/subscriptions/scheduled-change.ts';
import { timeOn } from '../modules/test-clocks/service.ts';
import { quantityRange, type QuantityRange } from '../modules/portal-configurations/quantity-range.ts';
import {
  canChangePlan,
  changeableItems,
  changePlan,
  changesInterval,
  offeredPrices,
  requestedChange,
  scheduledForPeriodEnd,
  type RefusedQuantity,
  type RequestedChange,
} from '../modules/portal-configurations/plan-changes.ts';
import { addedDiscounts, discountsAfter, type AddedDiscounts } from './change-plan-discounts.ts';
import { portalWrite, type PortalEnv, type PortalRequest } from './context.ts';
import { attempt, errorText, ownSubscription, priceText, productName } from './describe.ts';
import { lineTexts } from '../modules/invoices/line-text.ts';
import { alertBox, csrfField, portalPage } from './layout.ts';
import type { Locale } from './i18n/locale.ts';
import { afterAction, flowOf, refuse } from './session-routes.ts';
import { textFields } from '../web/form.ts';

/** What the customer asked for when the choice comes back refused: kept in the form, the refused field marked. */
interface Refused {
  message: string;
  asked: { item?: string; price?: string; quantity?: string; promotion_code?: string };
  /** The field refused: the promotion code (by the billing), the quantity (by the configuration), or none. */
  field: 'promotion_code' | 'quantity' | null;
}

/** Why a quantity is refused, in the customer's words: the range allowed, or that the item keeps its own. */
function quantityRefusal(locale: Locale, allowed: QuantityRange | null, current: number): string {
  return allowed ? locale.t('plan.quantity_range', { ...allowed }) : locale.t('plan.quantity_fixed', { quantity: current });
}

/** One item's choice: its offered prices, its quantity, the promotion code; each item has its own form. */
async function itemForm(p: PortalRequest, sub: SubscriptionObject, item: SubscriptionItemObject, refused: Refused | null, several: boolean) {
  const { frame, config } = p;
  const { t } = frame.locale;
  const feature = config.features.subscription_update;
  const offered = await offeredPrices(p.ctx, feature.products, sub, item);
  const id = several ? `-${item.id}` : '';
  // The refused request's own choice comes back as it was asked (the other items' forms as they are).
  const asked = refused && (refused.asked.item ?? item.id) === item.id ? refused.asked : {};
  const chosen = offered.some((o) => o.price.id === asked.price) ? asked.price : item.price.id;
  const codeRefused = refused?.field === 'promotion_code' && asked === refused.asked;
  const quantityRefused = refused?.field === 'quantity' && asked === refused.asked ? refused.message : null;
  // The field is there when some offered plan lets the quantity change; a refusal of a fixed one shows above the form.
  const adjustable = offered.some((o) => quantityRange(feature, o.price.id) !== null);
  return html`<form method="get" action="/p/subscriptions/${sub.id}/update/confirm"${several ? html` class="card" aria-labelledby="item${id}"` : ''}>
${several ? html`<h2 id="item${id}">${await productName(p.ctx, item.price.product)}</h2>` : ''}
<input type="hidden" name="item" value="${item.id}">
${feature.default_allowed_updates.includes('price')
    ? html`<fieldset><legend>${t('plan.choose')}</legend>${offered.map(
        (o) => html`<label><input type="radio" name="price" value="${o.price.id}"${o.price.id === chosen ? ' checked' : ''}> ${o.name} – ${priceText(frame.locale, o.price)}${
          o.price.id === item.price.id ? html` <span class="badge">${t('plan.current')}</span>` : ''
        }</label>`,
      )}</fieldset>`
    : ''}
${adjustable
    ? html`<label for="quantity${id}">${t('plan.quantity')}</label><input id="quantity${id}" name="quantity" type="number" inputmode="numeric" min="1" value="${asked.quantity ?? item.quantity}"${
        quantityRefused ? html` aria-invalid="true" aria-describedby="quantity-error${id}"><p id="quantity-error${id}" class="field-error">${quantityRefused}</p>` : html`>`
      }`
    : alertBox(quantityRefused)}
${feature.default_allowed_updates.includes('promotion_code')
    ? html`<label for="promotion_code${id}">${t('plan.promotion_code')}</label><input id="promotion_code${id}" name="promotion_code" value="${asked.promotion_code ?? ''}" autocomplete="off" autocapitalize="characters" maxlength="255"${
        codeRefused ? html` aria-invalid="true" aria-describedby="refusal"` : ''
      }>`
    : ''}
<div class="actions"><button type="submit">${t('plan.review')}</button>${several ? '' : html`<a class="button secondary" href="/p">${t('plan.back')}</a>`}</div>
</form>`;
}

async function choosePage(c: Context<PortalEnv>, sub: SubscriptionObject, refused: Refused | null = null) {
  const p = c.get('portal');
  const { frame, config } = p;
  const { t } = frame.locale;
  const changeable = changeableItems(config.features.subscription_update.products, sub);
  const several = sub.items.data.length > 1;
  const fixed = sub.items.data.filter((i) => !changeable.includes(i));
  const fixedNames = await Promise.all(fixed.map((i) => productName(p.ctx, i.price.product)));
  const body = html`${alertBox(refused && refused.field !== 'quantity' ? refused.message : null, 'refusal')}
${await Promise.all(changeable.map((item) => itemForm(p, sub, item, refused, several)))}
${fixedNames.map((product) => html`<p>${t('plan.item_fixed', { product })}</p>`)}
${several ? html`<div class="actions"><a class="button secondary" href="/p">${t('plan.back')}</a></div>` : ''}`;
  return c.html(await portalPage(frame, null, t('plan.title'), body), refused ? 400 : 200);
}

/** The choice again, saying what the billing refused. */
const refusedChoice = (c: Context<PortalEnv>, sub: SubscriptionObject, error: BursarError, asked: Refused['asked']) =>
  choosePage(c, sub, { message: errorText(c.get('portal').frame.locale, error), asked, field: error.param === 'promotion_code' ? 'promotion_code' : null });

/** The choice again, the quantity typed kept and refused beside its field. */
const refusedQuantity = (c: Context<PortalEnv>, sub: SubscriptionObject, refused: RefusedQuantity, asked: Refused['asked']) =>
  choosePage(c, sub, { message: quantityRefusal(c.get('portal').frame.locale, refused.allowed, refused.item.quantity), asked, field: 'quantity' });

type Change = RequestedChange & AddedDiscounts;

/**
 * The preview's sums: the total, then what the customer's balance does to it, ending on
 * the amount due, which is never negative: a credit larger than the charge goes to the balance.
 */
function summaryRows({ t, money }: Locale, preview: PreviewObject, discounted: number) {
  const { applied, credited } = balanceUse(preview);
  const row = (label: string, amount: number, strong = false) =>
    html`<tr><th scope="row">${label}</th><td class="num">${strong ? html`<strong>${money(amount, preview.currency)}</strong>` : money(amount, preview.currency)}</td></tr>`;
  const balanceMoves = applied !== 0 || credited !== 0;
  return html`${discounted > 0 ? row(t('plan.discount'), -discounted) : ''}${row(t('plan.total'), preview.total, !balanceMoves)}${applied !== 0 ? row(t('doc.applied_balance'), applied) : ''}${credited !== 0 ? row(t('doc.balance_credit'), credited) : ''}${balanceMoves ? row(t('doc.amount_due'), preview.amount_due, true) : ''}`;
}

async function confirmPage(c: Context<PortalEnv>, sub: SubscriptionObject, change: Change, error: string | null) {
  const p = c.get('portal');
  const { frame, ctx, config } = p;
  const { t, money, date } = frame.locale;
  const scheduled = scheduledForPeriodEnd(config.features.subscription_update, sub, change);
  // A change scheduled for the period end bills nothing now: the preview is the renewal with the new items.
  const behavior = config.features.subscription_update.proration_behavior;
  // The subscription's own time (a test clock's, if it lives on one): the update prorates at this moment.
  const at = await timeOn(ctx, sub.test_clock);
  const items = [{ id: change.item.id, price: change.price.id, quantity: change.quantity }];
  const discounts = await discountsAfter(ctx, sub, change.extra);
  const preview = scheduled
    ? await previewScheduledChange(ctx, sub.id, items, discounts)
    : await previewInvoice(ctx, { subscription: sub.id, subscription_details: { items, proration_behavior: behavior, proration_date: at }, discounts });
  // A move to another interval restarts the billing cycle: today, or when a scheduled change takes effect.
  const restart = changesInterval(change) && sub.status !== 'trialing' ? periodFrom(scheduled ? currentPeriodOf(sub).end : at, change.price.recurring as Recurring) : null;
  const discounted = preview.total_discount_amounts.reduce((sum, d) => sum + d.amount, 0);
  const dueNow = preview.billing_reason === 'subscription_update';
  const texts = await lineTexts(ctx, frame.locale, preview.lines.data);
  const lines = preview.lines.data.map((l, i) => html`<tr><td>${texts[i]}</td><td class="num">${money(l.amount, preview.currency)}</td></tr>`);
  const body = html`${alertBox(error)}
${change.code ? html`<p>${t('plan.promotion_code_applied', { code: change.code })}</p>` : ''}
<p>${t('plan.new_plan', { plan: `${await productName(ctx, change.price.product)} – ${priceText(frame.locale, change.price)}`, quantity: change.quantity })}</p>
${scheduled ? html`<p>${t('plan.scheduled_notice', { date: date(currentPeriodOf(sub).end) })}</p>` : ''}
${restart ? html`<p>${t('plan.cycle_restarts', { start: date(restart.start), date: date(restart.end) })}</p>` : ''}
<table><caption>${dueNow ? t('plan.due_now') : t('plan.next_invoice', { date: date(preview.next_payment_attempt ?? preview.created) })}</caption>
<thead><tr><th scope="col">${t('plan.line')}</th><th scope="col" class="num">${t('plan.amount')}</th></tr></thead>
<tbody>${lines}</tbody>
<tfoot>${summaryRows(frame.locale, preview, discounted)}</tfoot></table>
<form method="post" action="/p/subscriptions/${sub.id}/update">${csrfField(frame)}
<input type="hidden" name="item" value="${change.item.id}"><input type="hidden" name="price" value="${change.price.id}"><input type="hidden" name="quantity" value="${change.quantity}"><input type="hidden" name="proration_date" value="${at}">${change.code ? html`<input type="hidden" name="promotion_code" value="${change.code}">` : ''}
<div class="actions"><button type="submit">${scheduled ? t('plan.schedule_confirm') : t('plan.confirm')}</button><a class="button secondary" href="/p/subscriptions/${sub.id}/update">${t('plan.back')}</a></div>
</form>`;
  return c.html(await portalPage(frame, null, t('plan.confirm_title'), body), error ? 400 : 200);
}

/** How far back a confirmed preview's proration_date may be: the customer read it moments ago. */
const PREVIEW_VALID_SECONDS = 30 * 60;

/** Makes the confirmed change in one transaction, as the configuration says; the added discounts apply from now. Returns the notice to show. */
async function applyChange(p: PortalRequest, sub: SubscriptionObject, change: Change, prorationDate: number): Promise<'plan_updated' | 'change_scheduled'> {
  const feature = p.config.features.subscription_update;
  await portalWrite(p, async (ctx) => changePlan(ctx, feature, sub, change, { prorationDate, discounts: await discountsAfter(ctx, sub, change.extra) }));
  return scheduledForPeriodEnd(feature, sub, change) ? 'change_scheduled' : 'plan_updated';
}

/** Change plan: choose, see the preview of what will be billed, confirm. */
export function mountChangePlan(app: Hono<PortalEnv>): void {
  const load = async (c: Context<PortalEnv>) => {
    const p = c.get('portal');
    const sub = await ownSubscription(p.ctx, p.customer.id, c.req.param('id')!);
    return sub && canChangePlan(p.config.features.subscription_update, sub) ? sub : null;
  };
  const notFound = (c: Context<PortalEnv>) => refuse(c, 'not_found', c.get('portal').session, c.get('portal').frame.locale);

  app.get('/p/subscriptions/:id/update', async (c) => {
    const sub = await load(c);
    return sub ? choosePage(c, sub) : notFound(c);
  });

  app.get('/p/subscriptions/:id/update/confirm', async (c) => {
    const p = c.get('portal');
    const sub = await load(c);
    const query = c.req.query();
    const change = sub && (await requestedChange(p.ctx, p.config.features.subscription_update, sub, query));
    if (!sub || !change) return notFound(c);
    if ('allowed' in change) return refusedQuantity(c, sub, change, query);
    // A change the billing refuses (a preview error, a code that does not apply) goes back to the choice, saying so.
    return attempt(
      async () => confirmPage(c, sub, { ...change, ...(await addedDiscounts(p, sub, change, query.promotion_code)) }, null),
      (error) => refusedChoice(c, sub, error, query),
    );
  });

  // "Keep current plan": the scheduled change is dropped, whatever the configuration offers now.
  app.post('/p/subscriptions/:id/scheduled-change/cancel', async (c) => {
    const p = c.get('portal');
    const sub = await ownSubscription(p.ctx, p.customer.id, c.req.param('id'));
    if (!sub || sub.scheduled_change === null) return notFound(c);
    await portalWrite(p, (ctx) => cancelScheduledChange(ctx, sub.id));
    return c.redirect('/p?done=scheduled_change_canceled', 303);
  });

  app.post('/p/subscriptions/:id/update', async (c) => {
    const p = c.get('portal');
    const sub = await load(c);
    const form = textFields(p.form);
    const change = sub && (await requestedChange(p.ctx, p.config.features.subscription_update, sub, form));
    if (!sub || !change) return notFound(c);
    if ('allowed' in change) return refusedQuantity(c, sub, change, form);
    const now = await timeOn(p.ctx, sub.test_clock);
    const asked = Number(form.proration_date);
    const prorationDate = Number.isInteger(asked) && asked <= now && asked >= now - PREVIEW_VALID_SECONDS ? asked : now;
    let added: AddedDiscounts | null = null;
    return attempt(
      async () => {
        added = await addedDiscounts(p, sub, change, form.promotion_code);
        const done = await applyChange(p, sub, { ...change, ...added }, prorationDate);
        return afterAction(c, flowOf(p.session)?.type === 'subscription_update_confirm' ? 'subscription_update_confirm' : 'subscription_update', '/p', done);
      },
      // A refused code goes back to the choice; a refused charge stays on the preview, saying so.
      (error) => (added ? confirmPage(c, sub, { ...change, ...added }, errorText(p.frame.locale, error)) : refusedChoice(c, sub, error, form)),
    );
  });
}
