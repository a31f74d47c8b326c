import type { CustomerRow } from '../customers/repository.ts';
import { invoiceSettingsOf } from '../customers/object.ts';

type CustomField = { name: string; value: string };

/**
 * The custom_fields and footer columns of a new invoice: those given (`null` or `[]` for
 * none), else the customer's `invoice_settings` defaults, as Stripe fills them.
 */
export function invoiceTextColumns(customer: CustomerRow | undefined, given: { custom_fields?: CustomField[] | null; footer?: string | null } = {}) {
  const defaults = customer ? invoiceSettingsOf(customer) : { custom_fields: null, footer: null };
  const fields = given.custom_fields === undefined ? defaults.custom_fields : given.custom_fields;
  return {
    custom_fields: fields?.length ? JSON.stringify(fields) : null,
    footer: (given.footer === undefined ? defaults.footer : given.footer) || null,
  };
}

/** A custom_fields parameter as the invoice row keeps it: none (or `""`) is null, as Stripe shows it. */
export const customFieldsColumn = (fields: CustomField[] | null) => (fields?.length ? JSON.stringify(fields) : null);
