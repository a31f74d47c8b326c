import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { parseParams } from '../api/params.ts';
import { createTaxIdParams } from '../modules/tax-ids/schemas.ts';
import { createTaxId, deleteTaxId, listTaxIds, MAX_TAX_IDS } from '../modules/tax-ids/service.ts';
import { TAX_ID_TYPES, taxIdLine } from '../modules/tax-ids/types.ts';
import { portalWrite, type PortalEnv, type PortalRequest } from './context.ts';
import { attempt } from './describe.ts';
import { csrfField } from './layout.ts';
import { refuse } from './session-routes.ts';

/** The customer's tax IDs with a remove button each, and the form to add one (features.customer_update allows tax_id). */
export async function taxIdSection(p: PortalRequest) {
  const { frame } = p;
  const { t } = frame.locale;
  const ids = (await listTaxIds(p.ctx, p.customer.id, { limit: MAX_TAX_IDS })).data;
  return html`<section class="card" aria-labelledby="tax-ids"><h2 id="tax-ids">${t('details.tax_ids')}</h2>
${ids.length === 0
    ? html`<p>${t('details.tax_ids.none')}</p>`
    : html`<ul>${ids.map((id) => {
        const line = taxIdLine(id.type, id.value);
        return html`<li>${line} <form method="post" action="/p/details/tax-ids/${id.id}/delete">${csrfField(frame)}<button type="submit" class="secondary" aria-label="${t('details.tax_id.remove_label', { value: line })}">${t('details.tax_id.remove')}</button></form></li>`;
      })}</ul>`}
<form method="post" action="/p/details/tax-ids">${csrfField(frame)}
<label for="tax-id-type">${t('details.tax_id.type')}</label><select id="tax-id-type" name="type">${Object.entries(TAX_ID_TYPES).map(([type, info]) => html`<option value="${type}">${info.label}</option>`)}</select>
<label for="tax-id-value">${t('details.tax_id.value')}</label><input id="tax-id-value" name="value" required maxlength="100" autocomplete="off">
<div class="actions"><button type="submit">${t('details.tax_id.add')}</button></div>
</form></section>`;
}

/** Adding and removing tax IDs from the billing details page; `page` renders it again with an error. */
export function mountTaxIds(app: Hono<PortalEnv>, page: (c: Context<PortalEnv>, error: string | null) => Promise<Response>): void {
  const allowed = (p: PortalRequest) => p.config.features.customer_update.allowed_updates.includes('tax_id');
  const notFound = (c: Context<PortalEnv>) => refuse(c, 'not_found', c.get('portal').session, c.get('portal').frame.locale);

  app.post('/p/details/tax-ids', async (c) => {
    const p = c.get('portal');
    if (!allowed(p)) return notFound(c);
    const form = p.form;
    return attempt(
      async () => {
        // The API's own validation: the same types and formats.
        const params = parseParams(createTaxIdParams, { type: form.type, value: form.value });
        await portalWrite(p, (ctx) => createTaxId(ctx, p.customer.id, params));
        return c.redirect('/p/details?done=tax_id_added', 303);
      },
      () => page(c, p.frame.locale.t('details.tax_id.invalid')),
    );
  });

  app.post('/p/details/tax-ids/:id/delete', async (c) => {
    const p = c.get('portal');
    if (!allowed(p)) return notFound(c);
    // Another customer's tax ID is not found for this customer: nothing is removed.
    return attempt(
      async () => {
        await portalWrite(p, (ctx) => deleteTaxId(ctx, p.customer.id, c.req.param('id')));
        return c.redirect('/p/details?done=tax_id_removed', 303);
      },
      async () => notFound(c),
    );
  });
}
