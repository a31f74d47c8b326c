import { parseJson } from '../../kit/json.ts';
import type { CustomerRow } from './repository.ts';

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export function toAddress(input: Partial<Address> | null | undefined): Address | null {
  if (!input) return null;
  return {
    city: input.city ?? null,
    country: input.country ?? null,
    line1: input.line1 ?? null,
    line2: input.line2 ?? null,
    postal_code: input.postal_code ?? null,
    state: input.state ?? null,
  };
}

export interface InvoiceSettings {
  custom_fields: { name: string; value: string }[] | null;
  default_payment_method: string | null;
  footer: string | null;
  rendering_options: null;
}

export function invoiceSettingsOf(row: Pick<CustomerRow, 'invoice_settings' | 'default_payment_method'>): InvoiceSettings {
  const stored = parseJson<Partial<InvoiceSettings>>(row.invoice_settings, {});
  return {
    custom_fields: stored.custom_fields ?? null,
    default_payment_method: row.default_payment_method,
    footer: stored.footer ?? null,
    rendering_options: null,
  };
}

/** The customer as Stripe shows it. */
export function toCustomerObject(row: CustomerRow) {
  return {
    id: row.id,
    object: 'customer' as const,
    address: parseJson<Address | null>(row.address, null),
    balance: row.balance,
    created: row.created,
    currency: row.currency,
    default_source: null,
    delinquent: false,
    description: row.description,
    discount: null,
    email: row.email,
    invoice_prefix: row.invoice_prefix,
    invoice_settings: invoiceSettingsOf(row),
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    name: row.name,
    phone: row.phone,
    preferred_locales: parseJson<string[]>(row.preferred_locales, []),
    shipping: parseJson<{ address: Address | null; name: string; phone: string | null } | null>(row.shipping, null),
    tax_exempt: row.tax_exempt,
    test_clock: row.test_clock,
  };
}

export type CustomerObject = ReturnType<typeof toCustomerObject>;
