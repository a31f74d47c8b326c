import type { TaxIdRow } from './repository.ts';

/** Stripe's tax_id object of a customer. */
export function toTaxIdObject(row: TaxIdRow) {
  return {
    id: row.id,
    object: 'tax_id' as const,
    country: row.country,
    created: row.created,
    customer: row.customer,
    customer_account: null,
    livemode: row.livemode === 1,
    owner: { customer: row.customer, customer_account: null, type: 'customer' as const },
    type: row.type,
    value: row.value,
    verification: { status: row.verification_status, verified_address: null, verified_name: null },
  };
}

export type TaxIdObject = ReturnType<typeof toTaxIdObject>;
