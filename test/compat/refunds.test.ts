import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('refunds through the stripe SDK', startSdkServer, (sdk) => {
  const paidIntent = async (stripe: Stripe, card: string, amount: number) => {
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, amount, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', default_payment_method: pm.id });
    await stripe.invoices.finalizeInvoice(draft.id!);
    const paid = await stripe.invoices.pay(draft.id!, { expand: ['payments.data.payment.payment_intent'] });
    return paid.payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent;
  };

  it('refunds a payment intent in parts, lists and updates its refunds, and shows them on the charge', async () => {
    const { stripe } = sdk();
    const intent = await paidIntent(stripe, 'pm_card_visa', 4000);
    const first: Stripe.Refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1500, reason: 'duplicate' });
    assert.deepEqual([first.object, first.status, first.amount, first.charge, first.reason], ['refund', 'succeeded', 1500, intent.latest_charge, 'duplicate']);
    const rest = await stripe.refunds.create({ charge: intent.latest_charge as string, metadata: { order: '42' } });
    assert.deepEqual([rest.amount, rest.metadata], [2500, { order: '42' }]);

    const updated = await stripe.refunds.update(first.id, { metadata: { checked: 'yes' } });
    assert.deepEqual(updated.metadata, { checked: 'yes' });
    assert.equal((await stripe.refunds.retrieve(first.id)).metadata?.checked, 'yes');
    const listed: string[] = [];
    for await (const r of stripe.refunds.list({ payment_intent: intent.id })) listed.push(r.id);
    assert.deepEqual(listed, [rest.id, first.id]);

    const charge = await stripe.charges.retrieve(intent.latest_charge as string, { expand: ['refunds'] });
    assert.deepEqual([charge.amount_refunded, charge.refunded, charge.refunds?.data.map((r) => r.id)], [4000, true, [rest.id, first.id]]);

    await assertSdkError(stripe.refunds.create({ payment_intent: intent.id, amount: 1 }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'charge_already_refunded', param: 'charge', message: `Charge ${charge.id} has already been refunded.`,
    });
    await assertSdkError(stripe.refunds.cancel(first.id), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'refund_unexpected_state', message: /requires_action/,
    });
  });

  it('names amount when a refund asks for more than is left', async () => {
    const { stripe } = sdk();
    const intent = await paidIntent(stripe, 'pm_card_mastercard', 900);
    await assertSdkError(stripe.refunds.create({ charge: intent.latest_charge as string, amount: 901 }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'amount', message: `Refund amount (901) is greater than what is left to refund on charge ${intent.latest_charge} (900).`,
    });
  });
});
