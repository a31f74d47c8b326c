import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('payment intents and invoice payments through the stripe SDK', startSdkServer, (sdk) => {
  it('pays an invoice that asks for authentication after confirming its payment intent, and lists what it made', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'sca@example.com' });
    const sca = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1900, currency: 'eur' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', default_payment_method: sca.id });
    await stripe.invoices.finalizeInvoice(draft.id!);

    const err = await assertSdkError(stripe.invoices.pay(draft.id!), {
      type: 'StripeCardError',
      statusCode: 402,
      code: 'invoice_payment_intent_requires_action',
      // The SDK shows a card error without a decline code as ''.
      decline_code: '',
      message: /requires additional user action/,
    });
    const intent = err.payment_intent!;
    assert.equal(intent.status, 'requires_action');
    assert.equal(intent.next_action?.type, 'redirect_to_url');
    assert.match(intent.next_action?.redirect_to_url?.url ?? '', /\/test-challenge\//);

    const retrieved = await stripe.paymentIntents.retrieve(intent.id);
    assert.deepEqual([retrieved.status, retrieved.amount, retrieved.currency, retrieved.customer], ['requires_action', 1900, 'eur', customer.id]);
    const listed = await stripe.paymentIntents.list({ customer: customer.id });
    assert.deepEqual(listed.data.map((p) => p.id), [intent.id]);

    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const confirmed = await stripe.paymentIntents.confirm(intent.id, { payment_method: visa.id, expand: ['latest_charge'] });
    assert.equal(confirmed.status, 'succeeded');
    const charge = confirmed.latest_charge as Stripe.Charge;
    assert.deepEqual([charge.object, charge.status, charge.amount, charge.payment_method_details?.card?.last4], ['charge', 'succeeded', 1900, '4242']);

    const invoice = await stripe.invoices.retrieve(draft.id!, { expand: ['payments'] });
    assert.equal(invoice.status, 'paid');
    const payment = invoice.payments!.data[0]!;
    assert.deepEqual([payment.status, payment.amount_paid, payment.payment.payment_intent], ['paid', 1900, intent.id]);
    assert.deepEqual((await stripe.invoicePayments.retrieve(payment.id)).invoice, draft.id);
    const payments = [];
    for await (const p of stripe.invoicePayments.list({ invoice: draft.id! })) payments.push(p.id);
    assert.deepEqual(payments, [payment.id]);
  });

  it('hands out a confirmation secret for default_incomplete, and refuses to cancel an invoice\'s intent', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({});
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 700, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice.confirmation_secret', 'latest_invoice.payments'] });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    assert.equal(sub.status, 'incomplete');
    assert.equal(invoice.confirmation_secret?.type, 'payment_intent');
    const intentId = invoice.payments!.data[0]!.payment.payment_intent as string;
    assert.ok(invoice.confirmation_secret?.client_secret.startsWith(`${intentId}_secret_`));
    await assertSdkError(stripe.paymentIntents.cancel(intentId), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
      message: /created by an invoice/,
    });
  });
});
