import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { expectRejected } from '../../../test/support/assertions.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';

describeEachEngine('invoices', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const eventTypes = async (id: string) => {
    const list = (await get().call('GET', '/v1/events', { params: { limit: 100 } })).body;
    return list.data.filter((e: any) => e.data.object.id === id).map((e: any) => e.type).reverse();
  };
  const draftWith = async (amounts: number[], params: Record<string, unknown> = {}) => {
    const cus = await post('/v1/customers', { email: 'bo@example.com' });
    for (const amount of amounts) await post('/v1/invoiceitems', { customer: cus.id, amount, currency: 'usd' });
    return post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', ...params });
  };

  it('takes pending items into a draft only when asked, and returns them when the draft is deleted', async () => {
    const api = get();
    const cus = await post('/v1/customers', {});
    const item = await post('/v1/invoiceitems', { customer: cus.id, amount: 700, currency: 'usd', description: 'Consulting' });
    const empty = await post('/v1/invoices', { customer: cus.id });
    assert.deepEqual([empty.lines.data, empty.total, empty.status], [[], 0, 'draft']);
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', description: 'March' });
    assert.match(draft.id, /^in_/);
    assert.deepEqual(draft.lines.data.map((l: any) => [l.object, l.amount, l.description, l.parent.invoice_item_details.invoice_item]), [
      ['line_item', 700, 'Consulting', item.id],
    ]);
    assert.match(draft.lines.data[0].id, /^il_/);
    assert.deepEqual([draft.subtotal, draft.total, draft.amount_due, draft.amount_remaining, draft.number, draft.ending_balance], [700, 700, 700, 700, null, null]);
    assert.equal((await api.call('GET', `/v1/invoiceitems/${item.id}`)).body.invoice, draft.id);
    const expanded = (await api.call('GET', `/v1/invoiceitems/${item.id}`, { params: { expand: ['invoice.customer'] } })).body;
    assert.equal(expanded.invoice.customer.id, cus.id);

    assert.deepEqual((await api.call('DELETE', `/v1/invoices/${draft.id}`)).body, { id: draft.id, object: 'invoice', deleted: true });
    assert.equal((await api.call('GET', `/v1/invoiceitems/${item.id}`)).body.invoice, null);
    assert.deepEqual(await eventTypes(draft.id), ['invoice.created', 'invoice.deleted']);
  });

  it('runs draft → open → paid out of band, with numbers in sequence and status transitions', async () => {
    const api = get();
    const first = await draftWith([1000], { collection_method: 'send_invoice', days_until_due: 7 });
    const updated = await post(`/v1/invoices/${first.id}`, { description: 'Edited', metadata: { ref: 'A1' } });
    assert.deepEqual([updated.description, updated.metadata], ['Edited', { ref: 'A1' }]);
    const open = await post(`/v1/invoices/${first.id}/finalize`);
    const cus = (await api.call('GET', `/v1/customers/${first.customer}`)).body;
    assert.equal(open.status, 'open');
    assert.match(open.number, new RegExp(`^${cus.invoice_prefix}-\\d{4}$`));
    assert.equal(open.due_date, api.clock.now() + 7 * 86_400);
    assert.equal(open.status_transitions.finalized_at, api.clock.now());
    const second = await post(`/v1/invoices/${(await draftWith([500])).id}/finalize`);
    assert.equal(Number(second.number.split('-')[1]), Number(open.number.split('-')[1]) + 1);

    const paid = await post(`/v1/invoices/${first.id}/pay`, { paid_out_of_band: 'true' });
    assert.deepEqual([paid.status, paid.amount_paid, paid.amount_remaining, paid.status_transitions.paid_at], ['paid', 1000, 0, api.clock.now()]);
    assert.deepEqual(await eventTypes(first.id), ['invoice.created', 'invoice.updated', 'invoice.finalized', 'invoice.paid']);
    const listed = (await api.call('GET', '/v1/invoices', { params: { customer: first.customer, status: 'paid' } })).body;
    assert.deepEqual(listed.data.map((i: any) => i.id), [first.id]);
  });

  it('voids and marks uncollectible only from the right state, naming the state it is in', async () => {
    const api = get();
    const draft = await draftWith([300]);
    await expectRejected(api, 'POST', `/v1/invoices/${draft.id}/void`, {}, {
      status: 400, type: 'invalid_request_error', code: 'invoice_unexpected_state',
      message: `Invoice ${draft.id} is draft; only an open or uncollectible invoice can be voided.`,
    });
    await post(`/v1/invoices/${draft.id}/finalize`);
    await expectRejected(api, 'POST', `/v1/invoices/${draft.id}/finalize`, {}, {
      status: 400, type: 'invalid_request_error', code: 'invoice_unexpected_state',
      message: `Invoice ${draft.id} is open; only a draft invoice can be finalized.`,
    });
    await expectRejected(api, 'POST', `/v1/invoices/${draft.id}`, { params: { description: 'late' } }, {
      status: 400, type: 'invalid_request_error', code: 'invoice_unexpected_state',
      message: `Invoice ${draft.id} is open; only a draft invoice can be updated.`,
    });
    const uncollectible = await post(`/v1/invoices/${draft.id}/mark_uncollectible`);
    assert.deepEqual([uncollectible.status, uncollectible.status_transitions.marked_uncollectible_at], ['uncollectible', api.clock.now()]);
    const voided = await post(`/v1/invoices/${draft.id}/void`);
    assert.deepEqual([voided.status, voided.status_transitions.voided_at], ['void', api.clock.now()]);
    await expectRejected(api, 'POST', `/v1/invoices/${draft.id}/pay`, { params: { paid_out_of_band: 'true' } }, {
      status: 400, type: 'invalid_request_error', code: 'invoice_unexpected_state',
      message: `Invoice ${draft.id} is void; only an open or uncollectible invoice can be paid.`,
    });
    await expectRejected(api, 'DELETE', `/v1/invoices/${draft.id}`, {}, {
      status: 400, type: 'invalid_request_error', code: 'invoice_unexpected_state',
      message: `Invoice ${draft.id} is void; only a draft invoice can be deleted.`,
    });
    assert.deepEqual(await eventTypes(draft.id), ['invoice.created', 'invoice.finalized', 'invoice.marked_uncollectible', 'invoice.voided']);
  });

  it('marks a zero-amount invoice paid when it is finalized', async () => {
    const draft = await draftWith([]);
    const done = await post(`/v1/invoices/${draft.id}/finalize`);
    assert.deepEqual([done.status, done.amount_due, done.status_transitions.paid_at], ['paid', 0, get().clock.now()]);
    assert.deepEqual(await eventTypes(draft.id), ['invoice.created', 'invoice.finalized', 'invoice.paid']);
  });

  it('gives every one of many concurrent finalizations its own number', async () => {
    const api = get();
    const drafts = [];
    for (let i = 0; i < 8; i++) drafts.push(await draftWith([100 + i]));
    const results = await Promise.all(drafts.map((d) => api.call('POST', `/v1/invoices/${d.id}/finalize`)));
    assert.deepEqual(results.map((r) => r.status), drafts.map(() => 200));
    const numbers = results.map((r) => Number(r.body.number.split('-')[1])).sort((a, b) => a - b);
    assert.equal(new Set(numbers).size, drafts.length);
    assert.equal(numbers.at(-1)! - numbers[0], drafts.length - 1);
  });

  it('refuses bad collection settings and answers 404 across project and mode', async () => {
    const api = get();
    const cus = await post('/v1/customers', {});
    await expectRejected(api, 'POST', '/v1/invoices', { params: { customer: cus.id, collection_method: 'send_invoice' } }, {
      status: 400, type: 'invalid_request_error', code: 'parameter_missing', param: 'days_until_due',
      message: 'Missing required param: days_until_due (or due_date) when collection_method is send_invoice.',
    });
    await expectRejected(api, 'POST', '/v1/invoices', { params: { customer: cus.id, days_until_due: 3 } }, {
      status: 400, type: 'invalid_request_error', param: 'days_until_due',
      message: 'days_until_due can only be set when collection_method is send_invoice.',
    });
    const draft = await post('/v1/invoices', { customer: cus.id });
    for (const key of [api.keys.live, api.keys.otherProject]) {
      for (const [method, path] of [['GET', `/v1/invoices/${draft.id}`], ['POST', `/v1/invoices/${draft.id}/finalize`]]) {
        const res = await api.call(method, path, { key });
        assert.equal(res.status, 404);
        assert.equal(res.body.error.message, `No such invoice: '${draft.id}'`);
      }
    }
  });
});
