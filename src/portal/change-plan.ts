import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Ctx } from '../context.ts';
import { previewInvoice } from '../modules/invoices/preview.ts';
import type { PortalProduct } from '../modules/portal-configurations/object.ts';
import { retrievePrice } from '../modules/prices/service.ts';
import type { PriceObject } from '../modules/prices/object.ts';
import type { SubscriptionObject } from '../modules/subscriptions/object.ts';
import { updateSubscription } from '../modules/subscriptions/update.ts';
import { portalWrite, type PortalEnv, type PortalRequest } from './context.ts';
import { attempt, errorText, ownSubscription, priceText, productName } from './describe.ts';
import { alertBox, csrfField, portalPage } from './layout.ts';
import { afterAction, flowOf, refuse } from './session-routes.ts';
import { timeOn } from '../modules/test-clocks/service.ts';
import { discountsOf, type StoredDiscount } from '../modules/invoices/discounts.ts';
import { resolvePromotionCode } from '../modules/promotion-codes/redemption.ts';
import { requireSubscription } from '../modules/subscriptions/service.ts';

/**
 * The prices the configuration offers this subscription: active, in its currency and
 * billing interval (a subscription's items share one interval, so the update takes no other).
 */
async function offeredPrices(ctx: Ctx, products: PortalProduct[], sub: SubscriptionObject) {
  const out: { price: PriceObject; product: PortalProduct; name: string }[] = [];
  const current = sub.items.data[0].price.recurring;
  for (const product of products) {
    const name = await productName(ctx, product.product);
    for (const id of product.prices) {
      const price = await retrievePrice(ctx, id);
      const sameInterval = price.recurring?.interval === current?.interval && price.recurring?.interval_count === current?.interval_count;
      if (price.active && price.currency === sub.currency && sameInterval) out.push({ price, product, name });
    }
  }
  return out;
}

/**
 * The discounts a change adds: the ones its subscription_update_confirm flow gives, and the
 * promotion code the customer typed (when the configuration allows codes), checked by the
 * promotion-code service; a refusal names `promotion_code`.
 */
async function addedDiscounts(p: PortalRequest, sub: SubscriptionObject, code: string | undefined): Promise<{ extra: AddedDiscount[]; code: string | null }> {
  const flow = flowOf(p.session);
  const confirm = flow?.type === 'subscription_update_confirm' && flow.subscription_update_confirm!.subscription === sub.id ? flow.subscription_update_confirm! : null;
  const extra: AddedDiscount[] = (confirm?.discounts ?? []).map((d) => (d.promotion_code ? { promotion_code: d.promotion_code } : { coupon: d.coupon! }));
  const typed = code?.trim();
  if (!typed || !p.config.features.subscription_update.default_allowed_updates.includes('promotion_code')) return { extra, code: null };
  const { promotionCode } = await resolvePromotionCode(p.ctx, typed, { customerId: sub.customer, currency: sub.currency });
  return { extra: [...extra, { promotion_code: promotionCode.id }], code: promotionCode.code };
}

type AddedDiscount = { coupon: string } | { promotion_code: string };

/** The subscription's discounts after the change: its own kept, the added ones it does not have yet. */
function discountsAfter(own: readonly StoredDiscount[], extra: readonly AddedDiscount[]) {
  const fresh = extra.filter((d) => !own.some((o) => ('promotion_code' in d ? o.promotion_code === d.promotion_code : o.coupon === d.coupon)));
  return fresh.length === 0 ? undefined : [...own.map((d) => ({ discount: d.id })), ...fresh];
}

/** The change asked for, checked against what the configuration allows; null when it allows none of it. */
async function requestedChange(p: PortalRequest, sub: SubscriptionObject, query: { price?: string; quantity?: string; item?: string }) {
  const feature = p.config.features.subscription_update;
  // An item id that is not this subscription's (another customer's) changes nothing.
  const item = query.item === undefined ? sub.items.data[0] : sub.items.data.find((i) => i.id === query.item);
  if (!item) return null;
  const offered = await offeredPrices(p.ctx, feature.products, sub);
  const priceId = feature.default_allowed_updates.includes('price') && query.price ? query.price : item.price.id;
  const choice = offered.find((o) => o.price.id === priceId) ?? (priceId === item.price.id ? null : undefined);
  if (choice === undefined) return null;
  const limits = choice?.product.adjustable_quantity ?? { minimum: 1, maximum: null };
  const quantity = feature.default_allowed_updates.includes('quantity') && query.quantity !== undefined ? Number(query.quantity) : item.quantity;
  if (!Number.isInteger(quantity) || quantity < Math.max(1, limits.minimum) || (limits.maximum !== null && quantity > limits.maximum)) return null;
  return { item, price: choice?.price ?? item.price, quantity };
}

async function choosePage(c: Context<PortalEnv>, sub: SubscriptionObject, error: string | null = null, code = '') {
  const p = c.get('portal');
  const { frame, config } = p;
  const { t } = frame.locale;
  const feature = config.features.subscription_update;
  const item = sub.items.data[0];
  const offered = await offeredPrices(p.ctx, feature.products, sub);
  const body = html`${alertBox(error)}<form method="get" action="/p/subscriptions/${sub.id}/update/confirm">
<input type="hidden" name="item" value="${item.id}">
${feature.default_allowed_updates.includes('price')
    ? html`<fieldset><legend>${t('plan.choose')}</legend>${offered.map(
        (o) => html`<label><input type="radio" name="price" value="${o.price.id}"${o.price.id === item.price.id ? ' checked' : ''}> ${o.name} – ${priceText(frame.locale, o.price)}${
          o.price.id === item.price.id ? html` <span class="badge">${t('plan.current')}</span>` : ''
        }</label>`,
      )}</fieldset>`
    : ''}
${feature.default_allowed_updates.includes('quantity')
    ? html`<label for="quantity">${t('plan.quantity')}</label><input id="quantity" name="quantity" type="number" inputmode="numeric" min="1" value="${item.quantity}">`
    : ''}
${feature.default_allowed_updates.includes('promotion_code')
    ? html`<label for="promotion_code">${t('plan.promotion_code')}</label><input id="promotion_code" name="promotion_code" value="${code}" autocomplete="off" autocapitalize="characters" maxlength="255">`
    : ''}
<div class="actions"><button type="submit">${t('plan.review')}</button><a class="button secondary" href="/p">${t('plan.back')}</a></div>
</form>`;
  return c.html(await portalPage(frame, null, t('plan.title'), body), error ? 400 : 200);
}

type Change = NonNullable<Awaited<ReturnType<typeof requestedChange>>> & Awaited<ReturnType<typeof addedDiscounts>>;

async function confirmPage(c: Context<PortalEnv>, sub: SubscriptionObject, change: Change, error: string | null) {
  const p = c.get('portal');
  const { frame, ctx, config } = p;
  const { t, money, date } = frame.locale;
  const behavior = config.features.subscription_update.proration_behavior;
  // The subscription's own time (a test clock's, if it lives on one): the update prorates at this moment.
  const at = await timeOn(ctx, sub.test_clock);
  const preview = await previewInvoice(ctx, {
    subscription: sub.id,
    subscription_details: { items: [{ id: change.item.id, price: change.price.id, quantity: change.quantity }], proration_behavior: behavior, proration_date: at },
    discounts: discountsAfter(discountsOf(await requireSubscription(ctx, sub.id)), change.extra),
  });
  const discounted = preview.total_discount_amounts.reduce((sum, d) => sum + d.amount, 0);
  const dueNow = preview.billing_reason === 'subscription_update';
  const lines = preview.lines.data.map((l) => html`<tr><td>${l.description}</td><td class="num">${money(l.amount, preview.currency)}</td></tr>`);
  const body = html`${alertBox(error)}
${change.code ? html`<p>${t('plan.promotion_code_applied', { code: change.code })}</p>` : ''}
<p>${t('plan.new_plan', { plan: `${await productName(ctx, change.price.product)} – ${priceText(frame.locale, change.price)}`, quantity: change.quantity })}</p>
<table><caption>${dueNow ? t('plan.due_now') : t('plan.next_invoice', { date: date(preview.next_payment_attempt ?? preview.created) })}</caption>
<thead><tr><th scope="col">${t('plan.line')}</th><th scope="col" class="num">${t('plan.amount')}</th></tr></thead>
<tbody>${lines}</tbody>
<tfoot>${discounted > 0 ? html`<tr><th scope="row">${t('plan.discount')}</th><td class="num">${money(-discounted, preview.currency)}</td></tr>` : ''}<tr><th scope="row">${t('plan.total')}</th><td class="num"><strong>${money(preview.total, preview.currency)}</strong></td></tr></tfoot></table>
<form method="post" action="/p/subscriptions/${sub.id}/update">${csrfField(frame)}
<input type="hidden" name="item" value="${change.item.id}"><input type="hidden" name="price" value="${change.price.id}"><input type="hidden" name="quantity" value="${change.quantity}"><input type="hidden" name="proration_date" value="${at}">${change.code ? html`<input type="hidden" name="promotion_code" value="${change.code}">` : ''}
<div class="actions"><button type="submit">${t('plan.confirm')}</button><a class="button secondary" href="/p/subscriptions/${sub.id}/update">${t('plan.back')}</a></div>
</form>`;
  return c.html(await portalPage(frame, null, t('plan.confirm_title'), body), error ? 400 : 200);
}

/** How far back a confirmed preview's proration_date may be: the customer read it moments ago. */
const PREVIEW_VALID_SECONDS = 30 * 60;

/** Change plan: choose, see the preview of what will be billed, confirm. */
export function mountChangePlan(app: Hono<PortalEnv>): void {
  const load = async (c: Context<PortalEnv>) => {
    const p = c.get('portal');
    const feature = p.config.features.subscription_update;
    if (!feature.enabled || feature.products.length === 0) return null;
    const sub = await ownSubscription(p.ctx, p.customer.id, c.req.param('id')!);
    return sub && sub.status !== 'canceled' && !sub.cancel_at_period_end ? sub : null;
  };
  const notFound = (c: Context<PortalEnv>) => refuse(c, 'not_found', c.get('portal').session, c.get('portal').frame.locale);

  app.get('/p/subscriptions/:id/update', async (c) => {
    const sub = await load(c);
    return sub ? choosePage(c, sub) : notFound(c);
  });

  app.get('/p/subscriptions/:id/update/confirm', async (c) => {
    const sub = await load(c);
    const query = c.req.query();
    const change = sub && (await requestedChange(c.get('portal'), sub, query));
    if (!sub || !change) return notFound(c);
    // A change the billing refuses (a preview error, a code that does not apply) goes back to the choice, saying so.
    return attempt(
      async () => confirmPage(c, sub, { ...change, ...(await addedDiscounts(c.get('portal'), sub, query.promotion_code)) }, null),
      (error) => choosePage(c, sub, errorText(c.get('portal').frame.locale, error), query.promotion_code ?? ''),
    );
  });

  app.post('/p/subscriptions/:id/update', async (c) => {
    const p = c.get('portal');
    const sub = await load(c);
    const form = (await c.req.parseBody()) as Record<string, string>;
    const change = sub && (await requestedChange(p, sub, form));
    if (!sub || !change) return notFound(c);
    const now = await timeOn(p.ctx, sub.test_clock);
    const asked = Number(form.proration_date);
    const prorationDate = Number.isInteger(asked) && asked <= now && asked >= now - PREVIEW_VALID_SECONDS ? asked : now;
    let added: Awaited<ReturnType<typeof addedDiscounts>> | null = null;
    return attempt(
      async () => {
        added = await addedDiscounts(p, sub, form.promotion_code);
        const extra = added.extra;
        await portalWrite(p, async (ctx) =>
          updateSubscription(ctx, sub.id, {
            items: [{ id: change.item.id, price: change.price.id, quantity: change.quantity }],
            proration_behavior: p.config.features.subscription_update.proration_behavior,
            proration_date: prorationDate,
            discounts: discountsAfter(discountsOf(await requireSubscription(ctx, sub.id)), extra),
          }),
        );
        return afterAction(c, flowOf(p.session)?.type === 'subscription_update_confirm' ? 'subscription_update_confirm' : 'subscription_update', '/p', 'plan_updated');
      },
      // A refused code goes back to the choice; a refused charge stays on the preview, saying so.
      (error) => (added ? confirmPage(c, sub, { ...change, ...added }, errorText(p.frame.locale, error)) : choosePage(c, sub, errorText(p.frame.locale, error), form.promotion_code ?? '')),
    );
  });
}
