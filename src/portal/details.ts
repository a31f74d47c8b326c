import type { Context, Hono, MiddlewareHandler } from 'hono';
import { html, raw } from 'hono/html';
import { parseParams } from '../api/params.ts';
import { updateCustomer } from '../modules/customers/service.ts';
import { updateCustomerParams } from '../modules/customers/schemas.ts';
import type { Address } from '../modules/customers/object.ts';
import { portalWrite, type PortalEnv } from './context.ts';
import { attempt } from './describe.ts';
import type { MessageKey } from './i18n/en.ts';
import type { Locale } from './i18n/locale.ts';
import { alertBox, csrfField, portalPage } from './layout.ts';
import { doneNotice } from './overview.ts';
import { refuse } from './session-routes.ts';
import { mountTaxIds, taxIdSection } from './tax-ids.ts';
import type { Form } from '../web/form.ts';

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postal_code', 'state', 'country'] as const;
const TEXT_FIELDS = { email: 'email', name: 'text', phone: 'tel' } as const;
const AUTOCOMPLETE: Record<string, string> = { email: 'email', name: 'name', phone: 'tel', line1: 'address-line1', line2: 'address-line2', city: 'address-level2', postal_code: 'postal-code', state: 'address-level1', country: 'country' };

function addressFields(locale: Locale, prefix: 'address' | 'shipping', address: Partial<Address> | null, section: string) {
  return html`<fieldset><legend>${locale.t(`details.${prefix}` as MessageKey)}</legend>${ADDRESS_FIELDS.map(
    (f) => html`<label for="${prefix}-${f}">${locale.t(`details.address.${f}` as MessageKey)}</label><input id="${prefix}-${f}" name="${prefix}[${f}]" value="${address?.[f] ?? ''}" autocomplete="${section} ${AUTOCOMPLETE[f]}"${f === 'country' ? raw(' maxlength="2"') : ''}>`,
  )}</fieldset>`;
}

/** The field an API error names (`address[country]`), as its label reads on the form. */
function fieldLabel(locale: Locale, param: string | undefined): string {
  const { t } = locale;
  const nested = param?.match(/^(address|shipping)\[(\w+)\]/);
  if (nested && (ADDRESS_FIELDS as readonly string[]).includes(nested[2])) return t('details.field_in_section', { section: t(`details.${nested[1]}` as MessageKey), field: t(`details.address.${nested[2]}` as MessageKey) });
  if (param && param in TEXT_FIELDS) return t(`details.${param}` as MessageKey);
  return param ?? '';
}

async function detailsPage(c: Context<PortalEnv>, error: string | null) {
  const { frame, config, customer } = c.get('portal');
  const { t } = frame.locale;
  const allowed = config.features.customer_update.allowed_updates;
  const text = (Object.keys(TEXT_FIELDS) as (keyof typeof TEXT_FIELDS)[]).filter((f) => allowed.includes(f));
  const hasForm = allowed.some((f) => f !== 'tax_id');
  const body = html`${doneNotice(frame, c.req.query('done'))}${alertBox(error)}
${hasForm ? html`<form method="post" action="/p/details">${csrfField(frame)}
${text.map((f) => html`<label for="${f}">${t(`details.${f}` as MessageKey)}</label><input id="${f}" name="${f}" type="${TEXT_FIELDS[f]}" value="${customer[f] ?? ''}" autocomplete="${AUTOCOMPLETE[f]}">`)}
${allowed.includes('address') ? addressFields(frame.locale, 'address', customer.address, 'billing') : ''}
${allowed.includes('shipping') ? html`<label for="shipping-name">${t('details.shipping_name')}</label><input id="shipping-name" name="shipping[name]" value="${customer.shipping?.name ?? ''}" autocomplete="shipping name">${addressFields(frame.locale, 'shipping', customer.shipping?.address ?? null, 'shipping')}` : ''}
<div class="actions"><button type="submit">${t('details.save')}</button></div>
</form>` : ''}
${allowed.includes('tax_id') ? await taxIdSection(c.get('portal')) : ''}`;
  return c.html(await portalPage(frame, 'details', t('details.title'), body), error ? 400 : 200);
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
/** A group of the form (`address[city]` arrives as `address: { city }`); empty when it is not one. */
const group = (value: unknown) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The posted fields the configuration allows, shaped as the customer update takes them. */
function allowedChanges(form: Form, allowed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of Object.keys(TEXT_FIELDS)) if (allowed.includes(f) && typeof form[f] === 'string') out[f] = text(form[f]);
  const address = (prefix: string) => Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, text(group(form[prefix])[f])]));
  if (allowed.includes('address')) out.address = address('address');
  if (allowed.includes('shipping')) {
    const name = text(group(form.shipping).name);
    // A shipping address needs a name; none given clears it.
    out.shipping = name === '' ? '' : { name, address: address('shipping') };
  }
  return out;
}

/** Billing details: email, name, phone, address and shipping, as allowed_updates allows. */
export function mountDetails(app: Hono<PortalEnv>): void {
  const enabled: MiddlewareHandler<PortalEnv> = async (c, next) => {
    const p = c.get('portal');
    const update = p.config.features.customer_update;
    if (!update.enabled || update.allowed_updates.length === 0) return refuse(c, 'not_found', p.session, p.frame.locale);
    await next();
  };
  app.use('/p/details', enabled);
  app.use('/p/details/*', enabled);
  mountTaxIds(app, detailsPage);

  app.get('/p/details', (c) => detailsPage(c, null));

  app.post('/p/details', async (c) => {
    const p = c.get('portal');
    const form = p.form;
    return attempt(
      async () => {
        // The API's own validation, so the portal accepts exactly what the API would.
        const params = parseParams(updateCustomerParams, allowedChanges(form, p.config.features.customer_update.allowed_updates));
        await portalWrite(p, (ctx) => updateCustomer(ctx, p.customer.id, params));
        return c.redirect('/p/details?done=details_updated', 303);
      },
      (error) => detailsPage(c, p.frame.locale.t('details.invalid', { field: fieldLabel(p.frame.locale, error.param) })),
    );
  });
}
