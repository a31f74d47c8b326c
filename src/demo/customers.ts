import type { ApiClient } from './api-client.ts';

/** Demo customers; `demo_ref` in their metadata tells a re-run they exist already. */
const CUSTOMERS = [
  { ref: 'ada', name: 'Ada Lovelace', email: 'ada@example.com', card: 'pm_card_visa' },
  { ref: 'grace', name: 'Grace Hopper', email: 'grace@example.com', card: null },
  { ref: 'alan', name: 'Alan Turing', email: 'alan@example.com', card: null },
] as const;

async function findDemoCustomer(api: ApiClient, email: string, ref: string): Promise<any | null> {
  const found = await api.get('/v1/customers', { email, limit: 100 });
  return found.data.find((c: any) => c.metadata?.demo_ref === ref) ?? null;
}

/** Ensures each demo customer exists, with its card attached and set as default. Returns their ids. */
export async function seedCustomers(api: ApiClient): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const spec of CUSTOMERS) {
    const customer =
      (await findDemoCustomer(api, spec.email, spec.ref)) ??
      (await api.post('/v1/customers', { name: spec.name, email: spec.email, metadata: { demo_ref: spec.ref } }));
    ids[spec.ref] = customer.id;
    if (!spec.card) continue;
    // Checked separately from the customer so a run that stopped halfway is completed.
    const cards = await api.get(`/v1/customers/${customer.id}/payment_methods`, { limit: 1 });
    if (cards.data.length > 0) continue;
    const pm = await api.post(`/v1/payment_methods/${spec.card}/attach`, { customer: customer.id });
    await api.post(`/v1/customers/${customer.id}`, { invoice_settings: { default_payment_method: pm.id } });
  }
  return ids;
}
