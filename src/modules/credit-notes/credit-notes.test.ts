import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../../test/support/api.ts';
import { describeEachEngine } from '../../../test/support/suite.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';

describeEachEngine('credit notes', createTestApi, (get) => {
  const post = async (path: string, params: Record<string, unknown> = {}) => {
    const res = await get().call('POST', path, { params });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  /** A finalized invoice of two lines: 2 × $30.00 seats and a $40.00 setup fee, with 10 % exclusive tax. */
  const invoice = async (options: { pay?: boolean } = {}) => {
    const cus = await post('/v1/customers', { name: 'Credit Carla', email: 'carla@example.com' });
    const vat = await post('/v1/tax_rates', { display_name: 'VAT', percentage: 10, inclusive: 'false' });
    const seat = await post('/v1/prices', { currency: 'usd', unit_amount: 3000, product_data: { name: 'Seat' } });
    await post('/v1/invoiceitems', { customer: cus.id, price: seat.id, quantity: 2, tax_rates: [vat.id] });
    await post('/v1/invoiceitems', { customer: cus.id, amount: 4000, currency: 'usd', description: 'Setup', tax_rates: [vat.id] });
    const draft = await post('/v1/invoices', { customer: cus.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 30 });
    const open = await post(`/v1/invoices/${draft.id}/finalize`);
    const inv = options.pay ? await post(`/v1/invoices/${open.id}/pay`, { paid_out_of_band: 'true' }) : open;
    return { cus, inv, seats: inv.lines.data.find((l: any) => l.quantity === 2), setup: inv.lines.data.find((l: any) => l.description === 'Setup') };
  };

  it('credits one seat of an open invoice: it owes less (pre_payment), numbered after the invoice, with its PDF', async () => {
    const api = get();
    const { inv, seats } = await invoice();
    assert.equal(inv.total, 11000);
    const params = { invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 1 }], reason: 'order_change', memo: 'One seat removed' };
    const preview = (await api.call('GET', '/v1/credit_notes/preview', { params })).body;
    assert.deepEqual([preview.total, preview.subtotal, preview.pre_payment_amount, preview.post_payment_amount, preview.number], [3300, 3000, 3300, 0, `${inv.number}-CN-01`]);
    assert.equal((await api.call('GET', '/v1/credit_notes', { params: { invoice: inv.id } })).body.data.length, 0, 'a preview issues nothing');
    const previewLines = (await api.call('GET', '/v1/credit_notes/preview/lines', { params })).body;
    assert.deepEqual(previewLines.data.map((l: any) => [l.type, l.invoice_line_item, l.quantity, l.amount, l.taxes[0].amount]), [['invoice_line_item', seats.id, 1, 3000, 300]]);

    const cn = await post('/v1/credit_notes', { ...params, metadata: { ticket: 'T-9' } });
    assert.match(cn.id, /^cn_/);
    assert.deepEqual(
      [cn.object, cn.status, cn.type, cn.amount, cn.total, cn.subtotal, cn.total_excluding_tax, cn.pre_payment_amount, cn.post_payment_amount, cn.out_of_band_amount, cn.customer_balance_transaction, cn.reason, cn.memo, cn.number],
      ['credit_note', 'issued', 'pre_payment', 3300, 3300, 3000, 3000, 3300, 0, null, null, 'order_change', 'One seat removed', `${inv.number}-CN-01`],
    );
    assert.deepEqual(cn.total_taxes.map((t: any) => [t.amount, t.taxable_amount, t.tax_behavior]), [[300, 3000, 'exclusive']]);
    const after = (await api.call('GET', `/v1/invoices/${inv.id}`)).body;
    assert.deepEqual([after.status, after.total, after.amount_due, after.amount_remaining, after.pre_payment_credit_notes_amount, after.post_payment_credit_notes_amount], ['open', 11000, 7700, 7700, 3300, 0]);
    assert.deepEqual((await api.call('GET', `/v1/credit_notes/${cn.id}`)).body, cn);
    assert.deepEqual((await api.call('GET', `/v1/credit_notes/${cn.id}/lines`)).body.data.map((l: any) => l.id), cn.lines.data.map((l: any) => l.id));

    const pdf = await api.app.request(new URL(cn.pdf).pathname);
    assert.deepEqual([pdf.status, pdf.headers.get('content-type')], [200, 'application/pdf']);
    const text = pdfText(Buffer.from(await pdf.arrayBuffer())).join(' ');
    assert.ok(text.includes(`Credit note ${cn.number}`) && text.includes(`Invoice: ${inv.number}`) && text.includes('One seat removed') && text.includes('Total $33.00'), text);
    assert.equal((await api.app.request(`${new URL(cn.pdf).pathname.slice(0, -5)}x/pdf`)).status, 404);

    const updated = await post(`/v1/credit_notes/${cn.id}`, { memo: 'One seat removed on request', metadata: { ticket: '' } });
    assert.deepEqual([updated.memo, updated.metadata], ['One seat removed on request', {}]);
    const voided = await post(`/v1/credit_notes/${cn.id}/void`);
    assert.deepEqual([voided.status, typeof voided.voided_at], ['void', 'number']);
    assert.deepEqual((await api.call('GET', `/v1/invoices/${inv.id}`)).body.amount_remaining, 11000);
    const types = async (t: string) => (await api.call('GET', '/v1/events', { params: { type: t } })).body.data.filter((e: any) => e.data.object.id === cn.id).length;
    assert.deepEqual([await types('credit_note.created'), await types('credit_note.updated'), await types('credit_note.voided')], [1, 1, 1]);
  });

  it('credits a paid invoice to the balance and out of band, numbering each credit note in turn', async () => {
    const api = get();
    const { cus, inv, setup } = await invoice({ pay: true });
    const cn = await post('/v1/credit_notes', { invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: setup.id, amount: 4000 }], credit_amount: 3000, out_of_band_amount: 1400 });
    assert.deepEqual([cn.type, cn.total, cn.pre_payment_amount, cn.post_payment_amount, cn.out_of_band_amount], ['post_payment', 4400, 0, 4400, 1400]);
    const txn = (await api.call('GET', `/v1/customers/${cus.id}/balance_transactions/${cn.customer_balance_transaction}`)).body;
    assert.deepEqual([txn.type, txn.amount, txn.ending_balance, txn.credit_note, txn.invoice], ['credit_note', -3000, -3000, cn.id, inv.id]);
    const paid = (await api.call('GET', `/v1/invoices/${inv.id}`)).body;
    assert.deepEqual([paid.status, paid.post_payment_credit_notes_amount, paid.pre_payment_credit_notes_amount], ['paid', 4400, 0]);
    const second = await post('/v1/credit_notes', { invoice: inv.id, amount: 1000 });
    assert.deepEqual([second.number, second.lines.data.length], [`${inv.number}-CN-02`, 0]);
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.balance, -4000, 'without amounts given, all of it goes to the balance');
    const listed = (await api.call('GET', '/v1/credit_notes', { params: { customer: cus.id } })).body.data;
    assert.deepEqual(listed.map((c: any) => c.id), [second.id, cn.id]);
  });

  it('refuses what Stripe refuses, naming the parameter, and writes nothing', async () => {
    const api = get();
    const { cus, inv, seats } = await invoice({ pay: true });
    const cases: [Record<string, unknown>, string][] = [
      [{ invoice: inv.id, amount: 1000, refund_amount: 1000 }, 'refund_amount'],
      [{ invoice: inv.id, amount: 1000, credit_amount: 500 }, 'credit_amount'],
      [{ invoice: inv.id, amount: 1000, out_of_band_amount: 1500 }, 'out_of_band_amount'],
      [{ invoice: inv.id, amount: 11001 }, 'amount'],
      [{ invoice: inv.id }, 'amount'],
      [{ invoice: inv.id, amount: 100, lines: [{ type: 'custom_line_item', unit_amount: 100 }] }, 'amount'],
      [{ invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 3 }] }, 'lines[0][quantity]'],
      [{ invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_nope', quantity: 1 }] }, 'lines[0][invoice_line_item]'],
      [{ invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id }] }, 'lines[0][quantity]'],
      [{ invoice: inv.id, lines: [{ type: 'custom_line_item', quantity: 1 }] }, 'lines[0][unit_amount]'],
      [{ invoice: inv.id, lines: [{ type: 'custom_line_item', unit_amount: 100, invoice_line_item: seats.id }] }, 'lines[0][invoice_line_item]'],
      [{ invoice: inv.id, lines: [{ type: 'bogus' }] }, 'lines[0][type]'],
      [{ invoice: inv.id, amount: 100, reason: 'because' }, 'reason'],
      [{ invoice: 'in_missing', amount: 100 }, 'invoice'],
    ];
    for (const [params, param] of cases) {
      const res = await api.call('POST', '/v1/credit_notes', { params });
      assert.equal(res.body.error?.param, param, JSON.stringify([params, res.body]));
      assert.ok(res.status === 400 || res.status === 404, String(res.status));
    }
    const draftCus = await post('/v1/customers', {});
    await post('/v1/invoiceitems', { customer: draftCus.id, amount: 100, currency: 'usd' });
    const draft = await post('/v1/invoices', { customer: draftCus.id, pending_invoice_items_behavior: 'include' });
    assert.equal((await api.call('POST', '/v1/credit_notes', { params: { invoice: draft.id, amount: 100 } })).body.error.param, 'invoice');
    await post('/v1/credit_notes', { invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 2 }] });
    const twice = await api.call('POST', '/v1/credit_notes', { params: { invoice: inv.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 1 }] } });
    assert.deepEqual([twice.status, twice.body.error.param], [400, 'lines[0][quantity]'], 'a line credited in full has nothing left');
    assert.equal((await api.call('GET', '/v1/credit_notes', { params: { invoice: inv.id } })).body.data.length, 1);
    assert.equal((await api.call('GET', `/v1/customers/${cus.id}`)).body.balance, -6600);
  });

  it('an open invoice whose credit note takes off all it asks for is paid', async () => {
    const api = get();
    const { inv } = await invoice();
    const cn = await post('/v1/credit_notes', { invoice: inv.id, amount: 11000 });
    const paid = (await api.call('GET', `/v1/invoices/${inv.id}`)).body;
    assert.deepEqual([cn.type, paid.status, paid.amount_due, paid.amount_remaining, paid.amount_paid], ['pre_payment', 'paid', 0, 0, 0]);
    assert.equal((await api.call('POST', `/v1/credit_notes/${cn.id}/void`)).body.error.param, 'id', 'the invoice it settled would owe again');
    const events = (await api.call('GET', '/v1/events', { params: { type: 'invoice.paid' } })).body.data.filter((e: any) => e.data.object.id === inv.id);
    assert.equal(events.length, 1);
  });

  it('charges an open invoice less by what its credit notes took off', async () => {
    const api = get();
    const { cus, inv } = await invoice();
    const card = await post('/v1/payment_methods/pm_card_visa/attach', { customer: cus.id });
    await post('/v1/credit_notes', { invoice: inv.id, amount: 3300 });
    const paid = await post(`/v1/invoices/${inv.id}/pay`, { payment_method: card.id });
    assert.deepEqual([paid.status, paid.total, paid.amount_due, paid.amount_paid, paid.amount_remaining], ['paid', 11000, 7700, 7700, 0]);
    // What is left to credit is the rest of the total, now after payment.
    const after = await post('/v1/credit_notes', { invoice: inv.id, amount: 7700, out_of_band_amount: 7700 });
    assert.deepEqual([after.type, after.post_payment_amount], ['post_payment', 7700]);
    const more = await api.call('POST', '/v1/credit_notes', { params: { invoice: inv.id, amount: 1 } });
    assert.deepEqual([more.status, more.body.error.param], [400, 'amount']);
  });
});
