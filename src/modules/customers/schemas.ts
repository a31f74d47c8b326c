import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { address, amount, clearable, int, list, metadata, range, str } from '../../api/params.ts';
import { MAX_AMOUNT } from '../../billing/amount-limit.ts';
import type { SearchFields } from '../../search/query.ts';
import { createTaxIdParams } from '../tax-ids/schemas.ts';

const shipping = () =>
  z.strictObject({
    address: address(),
    name: str(200),
    phone: clearable(str(40)).optional(),
  });

/** Stripe's custom_fields of invoices: up to 4 name/value pairs; `""` removes them all. */
export const customFields = () => clearable(list(z.strictObject({ name: str(40), value: str(140) }), 4));

const invoiceSettings = z.strictObject({
  default_payment_method: clearable(str(255)).optional(),
  footer: clearable(str(5000)).optional(),
  custom_fields: customFields().optional(),
});

const fields = {
  address: clearable(address()).optional(),
  balance: amount(-MAX_AMOUNT).optional(),
  description: clearable(str(350)).optional(),
  email: clearable(str(512)).optional(),
  invoice_prefix: clearable(str(12).regex(/^[A-Z0-9]{3,12}$/, 'must be 3–12 uppercase letters or digits')).optional(),
  invoice_settings: invoiceSettings.optional(),
  metadata: metadata().optional(),
  name: clearable(str(256)).optional(),
  phone: clearable(str(20)).optional(),
  preferred_locales: list(str(20), 10).optional(),
  shipping: clearable(shipping()).optional(),
  tax_exempt: clearable(z.enum(['none', 'exempt', 'reverse'])).optional(),
};

export const createCustomerParams = z.strictObject({
  ...fields,
  payment_method: str(255).optional(),
  test_clock: str(255).optional(),
  /** Tax IDs to add once the customer exists (tax-ids/service.ts addTaxIdData). */
  tax_id_data: list(createTaxIdParams, 25).optional(),
});

export const updateCustomerParams = z.strictObject(fields);

export const listCustomersParams = z.strictObject({
  ...pageParams,
  email: str(512).optional(),
  created: range().optional(),
  test_clock: str(255).optional(),
});

export type CreateCustomerParams = z.output<typeof createCustomerParams>;
export type UpdateCustomerParams = z.output<typeof updateCustomerParams>;

/** What customers can be searched by (Stripe's query fields for customers). */
export const customerSearchFields: SearchFields = {
  created: { kind: 'number' },
  email: { kind: 'text', nullable: true },
  metadata: { kind: 'metadata' },
  name: { kind: 'text', nullable: true },
  phone: { kind: 'text', nullable: true },
};
