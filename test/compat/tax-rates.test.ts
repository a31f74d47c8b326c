import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('tax rates through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, retrieves, updates and lists tax rates', async () => {
    const { stripe } = sdk();
    const vat = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: true, country: 'GB', tax_type: 'vat' });
    assert.match(vat.id, /^txr_/);
    assert.deepEqual([vat.object, vat.percentage, vat.inclusive, vat.country, vat.tax_type, vat.active], ['tax_rate', 20, true, 'GB', 'vat', true]);
    const sales = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 8.875, inclusive: false, country: 'US', state: 'NY' });
    assert.equal((await stripe.taxRates.retrieve(sales.id)).percentage, 8.875);

    const archived = await stripe.taxRates.update(vat.id, { active: false, description: 'UK VAT (old)' });
    assert.deepEqual([archived.active, archived.description, archived.percentage], [false, 'UK VAT (old)', 20]);

    const exclusive = await stripe.taxRates.list({ inclusive: false, active: true });
    assert.deepEqual(exclusive.data.map((t) => t.id), [sales.id]);
    const all = await stripe.taxRates.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((t) => t.id), [sales.id, vat.id]);

    await assertSdkError(stripe.taxRates.retrieve('txr_missing'), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: "No such tax rate: 'txr_missing'",
    });
    await assertSdkError(stripe.taxRates.create({ display_name: 'Too much', percentage: 101, inclusive: false }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'parameter_invalid',
      param: 'percentage',
      message: /^Invalid decimal: 101\./,
    });
  });
});
