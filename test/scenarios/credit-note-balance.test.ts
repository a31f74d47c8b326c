import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';
import { scenario, utc } from './support.ts';

describeEachEngine('a credit note over renewals', createTestApi, (api) => {
  const s = scenario(api);

  it('credits part of a paid month to the balance and leaves part out of band; the balance is used up by the next invoice', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-03-01'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id, quantity: 3 }] });
    const [march] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([march.status, march.amount_paid], ['paid', 6000]);
    // An outage on Mar 10: one seat of March is credited, $12.00 to the balance and $8.00 paid back by cheque.
    await s.advance(clock.id, utc('2024-03-10'));
    const note = await s.post('/v1/credit_notes', {
      invoice: march.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: march.lines.data[0].id, quantity: 1 }],
      credit_amount: 1200,
      out_of_band_amount: 800,
      reason: 'product_unsatisfactory',
      memo: 'Outage on March 9',
    });
    assert.deepEqual([note.number, note.type, note.total, note.pre_payment_amount, note.post_payment_amount, note.out_of_band_amount], [`${march.number}-CN-01`, 'post_payment', 2000, 0, 2000, 800]);
    assert.equal(note.created, utc('2024-03-10'), 'issued at the clock’s time');
    assert.equal((await s.get(`/v1/customers/${cus.id}`)).balance, -1200);
    const marchAfter = await s.get(`/v1/invoices/${march.id}`);
    assert.deepEqual([marchAfter.status, marchAfter.amount_paid, marchAfter.post_payment_credit_notes_amount, marchAfter.pre_payment_credit_notes_amount], ['paid', 6000, 2000, 0]);

    // April's $60.00 renewal uses the $12.00: $48.00 charged; the balance is back at 0.
    await s.advance(clock.id, utc('2024-04-01'));
    const [, april] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([april.total, april.starting_balance, april.ending_balance, april.amount_due, april.amount_paid, april.status], [6000, -1200, 0, 4800, 4800, 'paid']);
    assert.equal((await s.get(`/v1/customers/${cus.id}`)).balance, 0);
    const ledger = (await s.get(`/v1/customers/${cus.id}/balance_transactions`)).data.reverse();
    assert.deepEqual(ledger.map((t: any) => [t.type, t.amount, t.ending_balance, t.invoice, t.credit_note]), [
      ['credit_note', -1200, -1200, march.id, note.id],
      ['applied_to_invoice', 1200, 0, april.id, null],
    ]);
    const types = (await s.eventsOf(note.id)).map(([type]) => type);
    assert.deepEqual(types, ['credit_note.created']);
  });

  it('refunds part of a paid month to the card and credits part to the balance; the next invoice uses the balance', async () => {
    const { clock, cus, price } = await s.setup(utc('2024-05-01'));
    const sub = await s.post('/v1/subscriptions', { customer: cus.id, items: [{ price: price.id, quantity: 2 }] });
    const [may] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([may.status, may.amount_paid], ['paid', 4000]);
    const intent = (await s.get(`/v1/invoices/${may.id}`, { expand: ['payments.data.payment.payment_intent'] })).payments.data[0].payment.payment_intent;
    // One seat of May goes back: $15.00 to the card, $5.00 to the balance.
    await s.advance(clock.id, utc('2024-05-12'));
    const note = await s.post('/v1/credit_notes', {
      invoice: may.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: may.lines.data[0].id, quantity: 1 }],
      refund_amount: 1500,
      credit_amount: 500,
      reason: 'order_change',
    });
    assert.deepEqual([note.type, note.total, note.post_payment_amount, note.refunds.map((r: any) => r.amount_refunded)], ['post_payment', 2000, 2000, [1500]]);
    const refund = await s.get(`/v1/refunds/${note.refunds[0].refund}`);
    assert.deepEqual([refund.amount, refund.status, refund.payment_intent, refund.charge], [1500, 'succeeded', intent.id, intent.latest_charge]);
    const charge = await s.get(`/v1/charges/${intent.latest_charge}`);
    assert.deepEqual([charge.amount_refunded, charge.refunded], [1500, false]);
    assert.equal((await s.get(`/v1/customers/${cus.id}`)).balance, -500);

    // June's $40.00 renewal uses the $5.00: $35.00 charged; the balance is back at 0.
    await s.advance(clock.id, utc('2024-06-01'));
    const [, june] = await s.invoicesOf(cus.id, sub.id);
    assert.deepEqual([june.total, june.starting_balance, june.amount_due, june.amount_paid, june.status], [4000, -500, 3500, 3500, 'paid']);
    assert.equal((await s.get(`/v1/customers/${cus.id}`)).balance, 0);
    assert.deepEqual((await s.eventsOf(refund.id)).map(([type]) => type), ['refund.created']);
  });
});
