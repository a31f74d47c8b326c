import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import { TAX_ID_TYPE_NAMES, normaliseTaxId, taxIdCountry } from './types.ts';

describeEachEngine('customer tax IDs', createTestApi, (get) => {
  const customer = async () => (await get().call('POST', '/v1/customers', { params: { name: 'Tax Payer' } })).body;

  it('adds, retrieves, lists and deletes a tax ID, with customer.tax_id.created and .deleted', async () => {
    const api = get();
    const cus = await customer();
    const created = await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type: 'eu_vat', value: 'de 123 456 789' } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const txi = created.body;
    assert.match(txi.id, /^txi_[0-9A-Za-z]{24}$/);
    assert.deepEqual({ ...txi, id: 'x', created: 0 }, {
      id: 'x', object: 'tax_id', country: 'DE', created: 0, customer: cus.id, customer_account: null, livemode: false,
      owner: { customer: cus.id, customer_account: null, type: 'customer' }, type: 'eu_vat', value: 'DE123456789',
      verification: { status: 'unavailable', verified_address: null, verified_name: null },
    });
    assert.deepEqual((await api.call('GET', `/v1/customers/${cus.id}/tax_ids/${txi.id}`)).body, txi);
    const ein = (await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type: 'us_ein', value: '12-3456789' } })).body;
    const list = (await api.call('GET', `/v1/customers/${cus.id}/tax_ids`, { params: { limit: 1 } })).body;
    assert.deepEqual([list.object, list.url, list.data.map((t: any) => t.id), list.has_more], ['list', `/v1/customers/${cus.id}/tax_ids`, [ein.id], true]);

    const deleted = await api.call('DELETE', `/v1/customers/${cus.id}/tax_ids/${txi.id}`);
    assert.deepEqual(deleted.body, { id: txi.id, object: 'tax_id', deleted: true });
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}/tax_ids/${txi.id}`)).status, 404);
    const events = async (type: string) => (await api.call('GET', '/v1/events', { params: { type } })).body.data.filter((e: any) => e.data.object.id === txi.id);
    assert.equal((await events('customer.tax_id.created')).length, 1);
    const [gone] = await events('customer.tax_id.deleted');
    assert.equal(gone.data.object.value, 'DE123456789');
  });

  it('refuses a value without its type’s format, an unknown type, a duplicate, and another customer’s tax ID', async () => {
    const api = get();
    const cus = await customer();
    for (const [type, value] of [['eu_vat', 'DE12345678'], ['eu_vat', 'US123456789'], ['gb_vat', '123456789'], ['au_abn', '51824753557'], ['us_ein', '1234']]) {
      const res = await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type, value } });
      assert.deepEqual([res.status, res.body.error.param, res.body.error.code], [400, 'value', 'tax_id_invalid'], `${type} ${value}`);
    }
    const unknown = await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type: 'xx_vat', value: '1' } });
    assert.deepEqual([unknown.status, unknown.body.error.param], [400, 'type']);
    const first = await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type: 'au_abn', value: '51 824 753 556' } });
    assert.equal(first.status, 200);
    const again = await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type: 'au_abn', value: '51824753556' } });
    assert.deepEqual([again.status, again.body.error.code], [400, 'tax_id_duplicate']);
    const other = await customer();
    assert.equal((await api.call('GET', `/v1/customers/${other.id}/tax_ids/${first.body.id}`)).status, 404);
    assert.equal((await api.call('DELETE', `/v1/customers/${other.id}/tax_ids/${first.body.id}`)).status, 404);
    assert.equal((await api.call('GET', `/v1/customers/cus_missing/tax_ids`)).status, 404);
    assert.deepEqual((await api.call('GET', `/v1/customers/${other.id}/tax_ids`)).body.data, []);
  });

  it('shows the customer’s tax IDs on invoices (customer_tax_ids, the hosted page and the PDF), kept as they were at finalization', async () => {
    const api = get();
    const cus = await customer();
    const vat = (await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type: 'gb_vat', value: 'GB123456789' } })).body;
    await api.call('POST', '/v1/invoiceitems', { params: { customer: cus.id, amount: 1000, currency: 'gbp' } });
    const draft = (await api.call('POST', '/v1/invoices', { params: { customer: cus.id, pending_invoice_items_behavior: 'include' } })).body;
    assert.deepEqual(draft.customer_tax_ids, [{ type: 'gb_vat', value: 'GB123456789' }]);
    await api.call('POST', `/v1/customers/${cus.id}/tax_ids`, { params: { type: 'eu_vat', value: 'IE6388047V' } });
    const open = (await api.call('POST', `/v1/invoices/${draft.id}/finalize`)).body;
    assert.deepEqual(open.customer_tax_ids, [{ type: 'gb_vat', value: 'GB123456789' }, { type: 'eu_vat', value: 'IE6388047V' }], 'a draft shows the current ones');
    await api.call('DELETE', `/v1/customers/${cus.id}/tax_ids/${vat.id}`);
    assert.equal((await api.call('GET', `/v1/invoices/${open.id}`)).body.customer_tax_ids.length, 2, 'the finalized invoice keeps them');

    const page = await (await api.app.request(new URL(open.hosted_invoice_url).pathname)).text();
    assert.ok(page.includes('GB VAT GB123456789<br>EU VAT IE6388047V'), page);
    const pdf = pdfText(Buffer.from(await (await api.app.request(new URL(open.invoice_pdf).pathname)).arrayBuffer()));
    assert.ok(pdf.includes('GB VAT GB123456789') && pdf.includes('EU VAT IE6388047V'), JSON.stringify(pdf));
  });
});

it('checks each type’s format and gives its country', () => {
  const valid: [string, string, string][] = [
    ['eu_vat', 'FR40303265045', 'FR'], ['eu_vat', 'EL123456789', 'GR'], ['eu_vat', 'NL123456789B01', 'NL'], ['eu_vat', 'ATU12345678', 'AT'],
    ['gb_vat', 'GB123456789012', 'GB'], ['ch_vat', 'CHE-123.456.789 MWST', 'CH'], ['no_vat', '123456789MVA', 'NO'], ['us_ein', '12-3456789', 'US'],
    ['ca_bn', '123456789', 'CA'], ['au_abn', '51824753556', 'AU'], ['nz_gst', '123456789', 'NZ'], ['in_gst', '22AAAAA0000A1Z5', 'IN'], ['jp_cn', '1234567890123', 'JP'],
  ];
  for (const [type, value, country] of valid) assert.equal(taxIdCountry(type as never, normaliseTaxId(value)), country, `${type} ${value}`);
  assert.deepEqual(new Set(valid.map((v) => v[0])), new Set(TAX_ID_TYPE_NAMES), 'every type has a valid example');
  for (const [type, value] of [['eu_vat', 'FR4030326504'], ['eu_vat', 'NL123456789X01'], ['no_vat', '123456789'], ['in_gst', '22AAAAA0000A1X5'], ['nz_gst', '1234567']]) {
    assert.equal(taxIdCountry(type as never, normaliseTaxId(value)), null, `${type} ${value}`);
  }
});
