import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('credit notes through the stripe SDK', startSdkServer, (sdk) => {
  /** A paid invoice of $50.00 (2 × $25.00). */
  const paidInvoice = async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'notes@example.com' });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2500, product_data: { name: 'Seat' } });
    // `price` as Bursar's invoice items take it (the SDK's types now name it pricing[price]).
    await stripe.invoiceItems.create({ customer: customer.id, price: price.id, quantity: 2 } as never);
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(draft.id!);
    const invoice = await stripe.invoices.pay(draft.id!, { paid_out_of_band: true });
    return { customer, invoice };
  };

  it('previews, creates, retrieves, updates, lists and voids a credit note', async () => {
    const { stripe } = sdk();
    const { customer, invoice } = await paidInvoice();
    const line = invoice.lines.data[0];
    const params = { invoice: invoice.id!, lines: [{ type: 'invoice_line_item' as const, invoice_line_item: line.id, quantity: 1 }], credit_amount: 1500, out_of_band_amount: 1000, reason: 'product_unsatisfactory' as const };
    const preview = await stripe.creditNotes.preview(params);
    assert.deepEqual([preview.total, preview.post_payment_amount, preview.number], [2500, 2500, `${invoice.number}-CN-01`]);
    const previewLines = await stripe.creditNotes.listPreviewLineItems(params);
    assert.deepEqual(previewLines.data.map((l) => [l.type, l.quantity, l.amount]), [['invoice_line_item', 1, 2500]]);

    const note = await stripe.creditNotes.create({ ...params, memo: 'One seat was never used' });
    assert.match(note.id, /^cn_/);
    assert.deepEqual([note.status, note.type, note.total, note.out_of_band_amount, note.reason], ['issued', 'post_payment', 2500, 1000, 'product_unsatisfactory']);
    assert.match(note.pdf, /^http:\/\/127\.0\.0\.1:\d+\/credit_notes\/[\w-]{43}\/pdf$/);
    const pdf = await fetch(note.pdf);
    assert.deepEqual([pdf.status, pdf.headers.get('content-type')], [200, 'application/pdf']);

    const expanded = await stripe.creditNotes.retrieve(note.id, { expand: ['customer_balance_transaction'] });
    const txn = expanded.customer_balance_transaction as { type: string; amount: number; credit_note: string };
    assert.deepEqual([txn.type, txn.amount, txn.credit_note], ['credit_note', -1500, note.id]);
    assert.equal((await stripe.invoices.retrieve(invoice.id!)).post_payment_credit_notes_amount, 2500);

    const updated = await stripe.creditNotes.update(note.id, { memo: 'Refused seat', metadata: { case: 'C-7' } });
    assert.deepEqual([updated.memo, updated.metadata], ['Refused seat', { case: 'C-7' }]);
    const lines = await stripe.creditNotes.listLineItems(note.id);
    assert.deepEqual(lines.data.map((l) => l.invoice_line_item), [line.id]);
    const listed = await stripe.creditNotes.list({ customer: customer.id });
    assert.deepEqual(listed.data.map((c) => c.id), [note.id]);

    const voided = await stripe.creditNotes.voidCreditNote(note.id);
    assert.equal(voided.status, 'void');
    const after = await stripe.customers.retrieve(customer.id);
    assert.ok(!after.deleted);
    assert.equal(after.balance, 0, 'voiding takes the balance credit back');
    await assertSdkError(stripe.creditNotes.voidCreditNote(note.id), { type: 'StripeInvalidRequestError', statusCode: 400, message: /already void/, param: 'id' });
  });

  it('refuses a refund_amount on an invoice paid out of band, naming it, and a sum that does not match the credit note', async () => {
    const { stripe } = sdk();
    const { invoice } = await paidInvoice();
    await assertSdkError(stripe.creditNotes.create({ invoice: invoice.id!, amount: 1000, refund_amount: 1000 }), {
      type: 'StripeInvalidRequestError', statusCode: 400, message: `Invoice ${invoice.id} was not paid by a charge: there is no payment to refund. Use credit_amount or out_of_band_amount.`, param: 'refund_amount',
    });
    await assertSdkError(stripe.creditNotes.create({ invoice: invoice.id!, amount: 1000, credit_amount: 600, out_of_band_amount: 300 }), {
      type: 'StripeInvalidRequestError', statusCode: 400, message: /must equal the credit note's post_payment_amount \(\$10\.00\)/, param: 'credit_amount',
    });
    assert.deepEqual((await stripe.creditNotes.list({ invoice: invoice.id! })).data, []);
  });

  it('refunds part of a card-paid invoice through a credit note and links a refund made before', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 5000, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    await stripe.invoices.finalizeInvoice(draft.id!);
    const paid = await stripe.invoices.pay(draft.id!, { expand: ['payments.data.payment.payment_intent'] });
    const intent = paid.payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent;
    const note = await stripe.creditNotes.create({ invoice: draft.id!, amount: 2000, refund_amount: 1500, credit_amount: 500 });
    assert.equal(note.refunds.length, 1);
    const refund = await stripe.refunds.retrieve(note.refunds[0]!.refund as string);
    assert.deepEqual([note.refunds[0]!.amount_refunded, note.refunds[0]!.type, refund.amount, refund.status, refund.payment_intent], [1500, 'refund', 1500, 'succeeded', intent.id]);

    const before = await stripe.refunds.create({ payment_intent: intent.id, amount: 700 });
    const linked = await stripe.creditNotes.create({ invoice: draft.id!, amount: 700, refunds: [{ refund: before.id }] });
    assert.deepEqual(linked.refunds.map((r) => [r.refund, r.amount_refunded]), [[before.id, 700]]);
    assert.equal((await stripe.charges.retrieve(intent.latest_charge as string)).amount_refunded, 2200);
  });
});
