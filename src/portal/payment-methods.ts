import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Ctx } from '../context.ts';
import { detachPaymentMethod, listCustomerPaymentMethods, requireCustomerPaymentMethod } from '../modules/payment-methods/service.ts';
import { listSubscriptions } from '../modules/subscriptions/service.ts';
import { BursarError } from '../kit/errors.ts';
import type { ProcessorKind } from '../processors/processor.ts';
import { processorKindOf } from '../modules/processor-settings/service.ts';
import { publicUrlOf } from '../modules/invoices/links.ts';
import { portalWrite, type PortalEnv } from './context.ts';
import { attempt, errorText } from './describe.ts';
import { alertBox, csrfField, noticeBox, portalPage, postButton, type Frame } from './layout.ts';
import { doneNotice } from './overview.ts';
import { afterAction, refuse } from './session-routes.ts';
import { cardFromProcessor, newCardWay, processorCardPage } from '../web/processor-card.ts';
import { makeDefaultCard, saveTestCard, testCardFields, testCardOf } from '../web/test-card.ts';

const CHARGING = new Set(['trialing', 'active', 'past_due', 'unpaid', 'incomplete']);

export const CARD_REQUIRED = 'portal_card_required';

/**
 * Refuses to remove the only card of a customer with a running subscription charged
 * automatically: its next invoice would go unpaid.
 */
async function refuseRemoval(ctx: Ctx, customer: string): Promise<void> {
  const cards = await listCustomerPaymentMethods(ctx, customer, { limit: 2 });
  if (cards.data.length > 1) return;
  const subs = await listSubscriptions(ctx, { limit: 100 }, { customer });
  if (subs.data.some((s) => CHARGING.has(s.status) && s.collection_method === 'charge_automatically')) {
    throw BursarError.invalid('This is the only card of a subscription charged automatically: add another card first.', 'payment_method', CARD_REQUIRED);
  }
}

/** How a card is added: the test gateway's form on the page, a button to the processor's own page, or not at all. */
function addCard(frame: Frame, kind: ProcessorKind | null, now: number) {
  const { t } = frame.locale;
  if (kind === null) return html`<p>${t('error.gateway_unavailable')}</p>`;
  if (kind !== 'test') {
    return html`<p class="muted">${t('cards.processor_page')}</p>
<form method="post" action="/p/payment-methods/setup">${csrfField(frame)}<div class="actions"><button type="submit">${t('cards.continue')}</button></div></form>`;
  }
  return html`<form method="post" action="/p/payment-methods">${csrfField(frame)}
${testCardFields(frame.locale, now)}
<div class="actions"><button type="submit">${t('cards.save')}</button></div>
</form>`;
}

async function cardsPage(c: Context<PortalEnv>, error: string | null, status: 200 | 400 | 402 = 200, notice: string | null = null) {
  const p = c.get('portal');
  const { frame, ctx, customer } = p;
  const { t } = frame.locale;
  const cards = (await listCustomerPaymentMethods(ctx, customer.id, { limit: 100 })).data;
  const defaultId = customer.invoice_settings.default_payment_method;
  const rows = cards.map(
    (pm) => html`<li class="card"><strong>${t('cards.card', { brand: pm.card.brand.toUpperCase(), last4: pm.card.last4 })}</strong>
${pm.id === defaultId ? html` <span class="badge">${t('cards.default')}</span>` : ''}
<p class="muted">${t('cards.expires', { month: String(pm.card.exp_month).padStart(2, '0'), year: pm.card.exp_year })}</p>
<div class="actions">${pm.id === defaultId ? '' : postButton(frame, `/p/payment-methods/${pm.id}/default`, t('cards.make_default'), 'secondary')}
${postButton(frame, `/p/payment-methods/${pm.id}/remove`, t('cards.remove'), 'secondary')}</div></li>`,
  );
  const body = html`${doneNotice(frame, c.req.query('done'))}${alertBox(error)}${noticeBox(notice)}
${cards.length === 0 ? html`<p>${t('cards.none')}</p>` : html`<ul class="plain">${rows}</ul>`}
<h2>${t('cards.add')}</h2>
${addCard(frame, await processorKindOf(ctx.db, ctx.scope), ctx.clock.now())}`;
  return c.html(await portalPage(frame, 'payment_methods', t('cards.title'), body), status);
}

/** Cards: list, add (the test gateway's form in test mode), make default, remove. */
export function mountPaymentMethods(app: Hono<PortalEnv>): void {
  app.use('/p/payment-methods/*', async (c, next) => {
    const p = c.get('portal');
    if (!p.config.features.payment_method_update.enabled) return refuse(c, 'not_found', p.session, p.frame.locale);
    await next();
  });

  app.get('/p/payment-methods', (c) => cardsPage(c, null));

  app.post('/p/payment-methods', async (c) => {
    const p = c.get('portal');
    const card = testCardOf(p.form);
    return attempt(
      async () => {
        await portalWrite(p, async (ctx) => {
          // As in Stripe's portal, the card just added pays from now on.
          await makeDefaultCard(ctx, p.customer.id, (await saveTestCard(ctx, p.customer.id, card)).id);
        });
        return afterAction(c, 'payment_method_update', '/p/payment-methods', 'card_added');
      },
      (error) => cardsPage(c, errorText(p.frame.locale, error), error.status === 402 ? 402 : 400),
    );
  });

  // A processor that is not inline collects the card on its own page: the customer goes there,
  // comes back to /setup/return (or, giving up, to the cards page), and the card is saved then
  // or by the processor's webhook, whichever comes first.
  app.post('/p/payment-methods/setup', async (c) => {
    const p = c.get('portal');
    return attempt(
      async () => {
        // The test gateway takes the card in the page's own form.
        if ((await newCardWay(p.ctx)) !== 'processor') return c.redirect('/p/payment-methods', 303);
        const base = `${publicUrlOf(p.ctx)}/p/payment-methods`;
        return c.redirect(await processorCardPage(p.ctx, p.customer.id, { back: `${base}/setup/return`, cancel: base }, p.frame.locale.tag), 303);
      },
      (error) => cardsPage(c, errorText(p.frame.locale, error), 400),
    );
  });

  app.get('/p/payment-methods/setup/return', async (c) => {
    const p = c.get('portal');
    return attempt(
      async () => {
        const outcome = await cardFromProcessor(p.ctx, p.customer.id, c.req.query('setup') ?? '', (save) =>
          portalWrite(p, async (ctx) => {
            const card = await save(ctx);
            // As in Stripe's portal, the card just added pays from now on.
            await makeDefaultCard(ctx, p.customer.id, card.id);
            return card;
          }),
        );
        if (outcome.status === 'requires_action') return c.redirect(outcome.actionUrl, 303);
        if (outcome.status === 'open') return cardsPage(c, null, 200, p.frame.locale.t('cards.setup_open'));
        if (outcome.status === 'failed') return cardsPage(c, errorText(p.frame.locale, BursarError.card(outcome.message, outcome.code)), 402);
        return afterAction(c, 'payment_method_update', '/p/payment-methods', 'card_added');
      },
      () => refuse(c, 'not_found', p.session, p.frame.locale),
    );
  });

  app.post('/p/payment-methods/:id/default', async (c) => {
    const p = c.get('portal');
    return attempt(
      async () => {
        await portalWrite(p, async (ctx) => {
          await requireCustomerPaymentMethod(ctx, c.req.param('id'), p.customer.id, 'payment_method');
          await makeDefaultCard(ctx, p.customer.id, c.req.param('id'));
        });
        return afterAction(c, 'payment_method_update', '/p/payment-methods', 'card_default');
      },
      () => refuse(c, 'not_found', p.session, p.frame.locale),
    );
  });

  app.post('/p/payment-methods/:id/remove', async (c) => {
    const p = c.get('portal');
    const id = c.req.param('id');
    return attempt(
      async () => {
        await portalWrite(p, async (ctx) => {
          await requireCustomerPaymentMethod(ctx, id, p.customer.id, 'payment_method');
          await refuseRemoval(ctx, p.customer.id);
          await detachPaymentMethod(ctx, id);
        });
        return c.redirect('/p/payment-methods?done=card_removed', 303);
      },
      (error) => (error.code === CARD_REQUIRED ? cardsPage(c, errorText(p.frame.locale, error), 400) : refuse(c, 'not_found', p.session, p.frame.locale)),
    );
  });
}
