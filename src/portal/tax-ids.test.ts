import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

describeEachEngine('portal tax IDs in the billing details', createTestApi, (get) => {
  const withTaxIds = (allowed: string[]) => apiPost(get(), '/v1/billing_portal/configurations', { features: { customer_update: { enabled: 'true', allowed_updates: allowed } } });

  it('adds and removes tax IDs when allowed_updates has tax_id, with the API validation and events', async () => {
    const api = get();
    const f = await portalFixture(api, 'Vat Payer');
    const config = await withTaxIds(['email', 'tax_id']);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, configuration: config.id });
    const page = await v.get('/p/details');
    assert.match(textOf(page.html), /Email Save details Tax IDs You have no tax IDs yet\. Type EU VAT GB VAT .* Tax ID number Add tax ID/);

    const bad = await v.post('/p/details/tax-ids', { type: 'eu_vat', value: 'FR123' });
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.html), /This tax ID number does not match its type\. Check the number and the type\./);
    assert.deepEqual((await api.call('GET', `/v1/customers/${f.customer.id}/tax_ids`)).body.data, []);

    const added = await v.post('/p/details/tax-ids', { type: 'eu_vat', value: 'fr 40 303265045' });
    assert.equal(added.headers.get('location'), '/p/details?done=tax_id_added');
    const [txi] = (await api.call('GET', `/v1/customers/${f.customer.id}/tax_ids`)).body.data;
    assert.deepEqual([txi.type, txi.value, txi.country], ['eu_vat', 'FR40303265045', 'FR']);
    const shown = await v.get('/p/details?done=tax_id_added');
    assert.match(textOf(shown.html), /Your tax ID was added\. .*Tax IDs EU VAT FR40303265045 Remove/);
    assert.ok(shown.html.includes('aria-label="Remove tax ID EU VAT FR40303265045"'));
    const created = (await api.call('GET', '/v1/events', { params: { type: 'customer.tax_id.created' } })).body.data;
    assert.equal(created[0].data.object.id, txi.id);
    assert.match(created[0].request.id, /^req_/);

    const removed = await v.post(`/p/details/tax-ids/${txi.id}/delete`);
    assert.equal(removed.headers.get('location'), '/p/details?done=tax_id_removed');
    assert.match(textOf((await v.get('/p/details?done=tax_id_removed')).html), /The tax ID was removed\. .*You have no tax IDs yet\./);
    assert.equal((await api.call('GET', '/v1/events', { params: { type: 'customer.tax_id.deleted' } })).body.data[0].data.object.id, txi.id);
  });

  it("cannot remove another customer's tax ID, and offers nothing when tax_id is not allowed", async () => {
    const api = get();
    const f = await portalFixture(api, 'Tax Owner');
    const other = await apiPost(api, '/v1/customers', { name: 'Other' });
    const theirs = await apiPost(api, `/v1/customers/${other.id}/tax_ids`, { type: 'us_ein', value: '12-3456789' });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, configuration: (await withTaxIds(['tax_id'])).id });
    const page = await v.get('/p/details');
    assert.doesNotMatch(page.html, /Save details/, 'only tax IDs are allowed: no details form');
    assert.equal((await v.post(`/p/details/tax-ids/${theirs.id}/delete`)).status, 404);
    assert.equal((await api.call('GET', `/v1/customers/${other.id}/tax_ids/${theirs.id}`)).status, 200, 'still there');

    const { visitor: plain } = await openPortal(api, { customer: f.customer.id, configuration: (await withTaxIds(['email'])).id });
    assert.doesNotMatch((await plain.get('/p/details')).html, /Tax ID/);
    assert.equal((await plain.post('/p/details/tax-ids', { type: 'us_ein', value: '12-3456789' })).status, 404);
    assert.deepEqual((await api.call('GET', `/v1/customers/${f.customer.id}/tax_ids`)).body.data, []);
  });
});
