import { it } from 'node:test';
import assert from 'node:assert/strict';
import { openStorage } from '../../src/db/database.ts';
import { updateCustomer } from '../../src/modules/customers/service.ts';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';

// Retrieves are answered from memory between writes (SQLite): what a client reads must
// still be what is stored, whoever wrote it.
describeEachEngine('Retrieves between writes', createTestApi, (api) => {
  it('show a change made through the API at once', async () => {
    const { body: customer } = await api().call('POST', '/v1/customers', { params: { name: 'Ada' } });
    assert.equal((await api().call('GET', `/v1/customers/${customer.id}`)).body.name, 'Ada');
    await api().call('POST', `/v1/customers/${customer.id}`, { params: { name: 'Ada Lovelace' } });
    assert.equal((await api().call('GET', `/v1/customers/${customer.id}`)).body.name, 'Ada Lovelace');
  });

  it('show a change committed by another process at once', async () => {
    const { body: customer } = await api().call('POST', '/v1/customers', { params: { name: 'Grace' } });
    assert.equal((await api().call('GET', `/v1/customers/${customer.id}`)).body.name, 'Grace');
    const other = await openStorage(api().storage.options); // as a second Bursar process has
    try {
      await updateCustomer({ ...api().ctx(), db: other.db }, customer.id, { name: 'Grace Hopper' });
    } finally {
      await other.close();
    }
    assert.equal((await api().call('GET', `/v1/customers/${customer.id}`)).body.name, 'Grace Hopper');
  });

  it('answer each key for its own project and mode only', async () => {
    const { body: customer } = await api().call('POST', '/v1/customers', { params: { name: 'Edsger' } });
    const path = `/v1/customers/${customer.id}`;
    assert.equal((await api().call('GET', path)).status, 200);
    assert.equal((await api().call('GET', path)).status, 200);
    assert.equal((await api().call('GET', path, { key: api().keys.live })).status, 404);
    assert.equal((await api().call('GET', path, { key: api().keys.otherProject })).status, 404);
  });

  it('answer an expansion apart from the plain object', async () => {
    const { body: customer } = await api().call('POST', '/v1/customers', { params: { name: 'Barbara' } });
    const { body: card } = await api().call('POST', '/v1/payment_methods/pm_card_visa/attach', { params: { customer: customer.id } });
    await api().call('POST', `/v1/customers/${customer.id}`, { params: { invoice_settings: { default_payment_method: card.id } } });
    const plain = (await api().call('GET', `/v1/customers/${customer.id}`)).body;
    const expanded = (await api().call('GET', `/v1/customers/${customer.id}`, { params: { expand: ['invoice_settings.default_payment_method'] } })).body;
    assert.equal(plain.invoice_settings.default_payment_method, card.id);
    assert.equal(expanded.invoice_settings.default_payment_method.card.last4, '4242');
  });
});
