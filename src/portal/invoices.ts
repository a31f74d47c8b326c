import type { Hono } from 'hono';
import { html } from 'hono/html';
import { listInvoices } from '../modules/invoices/service.ts';
import type { PortalEnv } from './context.ts';
import type { MessageKey } from './i18n/en.ts';
import { portalPage } from './layout.ts';
import { refuse } from './session-routes.ts';
import { doneNotice } from './overview.ts';
import { PAYABLE } from '../web/invoice-payment.ts';
import { payLink } from './pay.ts';

const PAGE_SIZE = 10;
const ID = /^in_[0-9A-Za-z]{1,60}$/;

/** Invoice history: date, number, amount, status, the hosted page and the PDF; newest first, paged. */
export function mountInvoices(app: Hono<PortalEnv>): void {
  app.get('/p/invoices', async (c) => {
    const p = c.get('portal');
    const { frame, ctx, customer } = p;
    if (!p.config.features.invoice_history.enabled) return refuse(c, 'not_found', p.session, frame.locale);
    const { t, money, date } = frame.locale;
    const after = c.req.query('after');
    const before = c.req.query('before');
    const page = {
      limit: PAGE_SIZE,
      ...(after && ID.test(after) && { starting_after: after }),
      ...(!after && before && ID.test(before) && { ending_before: before }),
    };
    let list;
    try {
      list = await listInvoices(ctx, page, { customer: customer.id });
    } catch {
      // A cursor of another customer (or none at all) pages nothing: start over.
      list = await listInvoices(ctx, { limit: PAGE_SIZE }, { customer: customer.id });
    }
    // The cursor came from this customer's own list only if it answered with their invoices.
    const invoices = list.data.filter((i) => i.customer === customer.id && i.status !== 'draft');
    const rows = invoices.map(
      (i) => html`<tr><td data-label="${t('invoices.date')}">${date(i.status_transitions.finalized_at ?? i.created)}</td><td data-label="${t('invoices.number')}">${i.number ?? '—'}</td><td class="num" data-label="${t('invoices.amount')}">${money(i.total, i.currency)}</td><td data-label="${t('invoices.status')}">${t(`invoice.status.${i.status}` as MessageKey)}</td>
<td class="links">${i.hosted_invoice_url ? html`<a href="${i.hosted_invoice_url}">${t('invoices.view')}<span class="sr-only"> ${i.number}</span></a>` : ''} ${
        i.invoice_pdf ? html`<a href="${i.invoice_pdf}" download>${t('invoices.pdf')}<span class="sr-only"> ${i.number}</span></a>` : ''
      } ${PAYABLE.has(i.status) ? payLink(t, i) : ''}</td></tr>`,
    );
    const first = invoices[0];
    const last = invoices.at(-1);
    const newer = (after || before) && first ? html`<a href="/p/invoices?before=${first.id}">${t('invoices.newer')}</a>` : '';
    const older = (list.has_more || before) && last ? html`<a href="/p/invoices?after=${last.id}">${t('invoices.older')}</a>` : '';
    const body = html`${doneNotice(frame, c.req.query('done'))}${
      invoices.length === 0
        ? html`<p>${t('invoices.none')}</p>`
        : html`<div class="scroll" role="region" aria-label="${t('invoices.title')}" tabindex="0"><table class="stack"><caption class="sr-only">${t('invoices.title')}</caption>
<thead><tr><th scope="col">${t('invoices.date')}</th><th scope="col">${t('invoices.number')}</th><th scope="col" class="num">${t('invoices.amount')}</th><th scope="col">${t('invoices.status')}</th><th scope="col">${t('invoices.links')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<nav class="actions" aria-label="${t('invoices.pages')}">${newer} ${older}</nav>`
    }`;
    return c.html(await portalPage(frame, 'invoices', t('invoices.title'), body));
  });
}
