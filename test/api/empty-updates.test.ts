import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type CallOptions, type TestApi } from '../support/api.ts';
import { rowCounts } from '../support/assertions.ts';
import { describeEachEngine } from '../support/suite.ts';

/** One object of every type that has an update route, each with the path that updates it. */
async function updatable(api: TestApi): Promise<Record<string, string>> {
  const post = async (path: string, options: CallOptions) => {
    const res = await api.call('POST', path, options);
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const customer = await post('/v1/customers', { params: { email: 'dee@example.com' } });
  const card = await post('/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } });
  const product = await post('/v1/products', { params: { name: 'Team' } });
  const price = await post('/v1/prices', { params: { currency: 'usd', unit_amount: 1200, product: product.id, recurring: { interval: 'month' } } });
  const coupon = await post('/v1/coupons', { params: { percent_off: 10 } });
  const code = await post('/v1/promotion_codes', { params: { promotion: { type: 'coupon', coupon: coupon.id }, code: 'TEN' } });
  const rate = await post('/v1/tax_rates', { params: { display_name: 'VAT', percentage: 20, inclusive: 'false' } });
  const item = await post('/v1/invoiceitems', { params: { customer: customer.id, amount: 500, currency: 'usd' } });
  const invoice = await post('/v1/invoices', { params: { customer: customer.id } });
  const subscription = await post('/v1/subscriptions', { params: { customer: customer.id, items: [{ price: price.id }], default_payment_method: card.id } });
  const endpoint = await post('/v1/webhook_endpoints', { params: { url: 'https://example.com/hook', enabled_events: ['*'] } });
  const creditNote = await post('/v1/credit_notes', { params: { invoice: subscription.latest_invoice, amount: 100, memo: 'Sorry' } });
  const configuration = await post('/v1/billing_portal/configurations', { params: { features: { invoice_history: { enabled: 'true' } } } });
  const appEndpoint = await post('/v1/app_endpoints', { json: { preset: 'bearer-data-envelope', path: '/billing/manage' } });
  return {
    customer: `/v1/customers/${customer.id}`,
    payment_method: `/v1/payment_methods/${card.id}`,
    product: `/v1/products/${product.id}`,
    price: `/v1/prices/${price.id}`,
    coupon: `/v1/coupons/${coupon.id}`,
    promotion_code: `/v1/promotion_codes/${code.id}`,
    tax_rate: `/v1/tax_rates/${rate.id}`,
    invoiceitem: `/v1/invoiceitems/${item.id}`,
    invoice: `/v1/invoices/${invoice.id}`,
    subscription: `/v1/subscriptions/${subscription.id}`,
    webhook_endpoint: `/v1/webhook_endpoints/${endpoint.id}`,
    'billing_portal.configuration': `/v1/billing_portal/configurations/${configuration.id}`,
    app_endpoint: `/v1/app_endpoints/${appEndpoint.id}`,
    credit_note: `/v1/credit_notes/${creditNote.id}`,
    customer_balance_transaction: `/v1/customers/${customer.id}/balance_transactions/${creditNote.customer_balance_transaction}`,
  };
}

/** The object as it was, apart from what an update always renews. */
const unchanging = (object: Record<string, unknown>) => {
  const { updated: _updated, ...rest } = object;
  return rest;
};

describeEachEngine('updates that change nothing', createTestApi, (get) => {
  it('answer every update route with the unchanged object, and record no event', async () => {
    const api = get();
    const paths = await updatable(api);
    for (const [type, path] of Object.entries(paths)) {
      const before = (await api.call('GET', path)).body;
      const counts = await rowCounts(api.storage.db);
      for (const options of [{}, { json: {} }, { json: { expand: [] } }] as CallOptions[]) {
        const res = await api.call('POST', path, options);
        assert.equal(res.status, 200, `${type} ${JSON.stringify(options)}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.object, type);
        assert.deepEqual(unchanging(res.body), unchanging(before), `${type} ${JSON.stringify(options)}`);
      }
      assert.deepEqual(await rowCounts(api.storage.db), counts, `${type}: an update that changes nothing wrote rows`);
    }
  });

  it('answer a customer update of only expand[], empty invoice_settings or an empty invoice_prefix', async () => {
    const api = get();
    const customer = (await api.call('POST', '/v1/customers', { params: { email: 'ann@example.com' } })).body;
    const path = `/v1/customers/${customer.id}`;
    for (const body of ['expand[]=test_clock', 'invoice_prefix=']) {
      const res = await api.call('POST', path, { body });
      assert.equal(res.status, 200, `${body}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.invoice_prefix, customer.invoice_prefix);
    }
    const res = await api.call('POST', path, { json: { invoice_settings: {} } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.invoice_settings, customer.invoice_settings);
  });
});
