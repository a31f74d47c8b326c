import { it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';
import { invoiceSendsOf } from '../../src/modules/invoices/repository.ts';

describeEachEngine('invoice lines and sending through the stripe SDK', startSdkServer, (sdk) => {
  /** The types of the events about `id`, oldest first. */
  const eventsOf = async (stripe: Stripe, id: string) =>
    (await stripe.events.list({ limit: 100 })).data.filter((e) => (e.data.object as { id?: string }).id === id).reverse();

  it('adds, updates and removes lines of a draft, with its totals and events', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'lines@example.com' });
    const vat = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const seat = await stripe.prices.create({ currency: 'usd', unit_amount: 1500, product_data: { name: 'Seat' } });
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 300, currency: 'usd', description: 'Setup' });
    const draft = await stripe.invoices.create({ customer: customer.id });

    const added = await stripe.invoices.addLines(draft.id!, {
      lines: [
        { amount: 1000, description: 'Consulting', metadata: { ref: 'c-1' }, tax_rates: [vat.id] },
        { pricing: { price: seat.id }, quantity: 2 },
        { price_data: { currency: 'usd', product: seat.product as string, unit_amount: 250 }, quantity: 4, description: 'Half-day seats' },
        { invoice_item: pending.id },
      ],
      invoice_metadata: { batch: '7' },
    });
    assert.deepEqual(added.lines.data.map((l) => [l.description, l.amount, l.quantity]), [
      ['Setup', 300, 1], ['Consulting', 1000, 1], [null, 3000, 2], ['Half-day seats', 1000, 4],
    ]);
    assert.deepEqual([added.subtotal, added.total, added.metadata], [5300, 5500, { batch: '7' }]);
    const consulting = added.lines.data.find((l) => l.description === 'Consulting')!;
    assert.deepEqual(consulting.metadata, { ref: 'c-1' });
    const seats = added.lines.data.find((l) => l.amount === 3000)!;
    assert.equal(seats.pricing?.price_details?.price, seat.id);
    const inline = added.lines.data.find((l) => l.description === 'Half-day seats')!;
    const inlinePrice = await stripe.prices.retrieve(inline.pricing!.price_details!.price as string);
    assert.deepEqual([inlinePrice.active, inlinePrice.unit_amount, inlinePrice.type], [false, 250, 'one_time']);
    assert.equal((await stripe.invoiceItems.retrieve(pending.id)).invoice, draft.id);

    const updated = await stripe.invoices.updateLines(draft.id!, {
      lines: [
        { id: consulting.id, amount: 1200, description: 'Consulting (4 h)', metadata: { hours: '4' } },
        { id: seats.id, quantity: 3 },
      ],
    });
    const consultingNow = updated.lines.data.find((l) => l.id === consulting.id)!;
    assert.deepEqual([consultingNow.amount, consultingNow.description, consultingNow.metadata], [1200, 'Consulting (4 h)', { ref: 'c-1', hours: '4' }]);
    assert.equal(updated.lines.data.find((l) => l.id === seats.id)!.amount, 4500);
    assert.deepEqual([updated.subtotal, updated.total], [7000, 7240]);

    const pendingLine = added.lines.data.find((l) => l.description === 'Setup')!;
    const removed = await stripe.invoices.removeLines(draft.id!, {
      lines: [{ id: inline.id, behavior: 'delete' }, { id: pendingLine.id, behavior: 'unassign' }],
      invoice_metadata: { batch: '' },
    });
    assert.deepEqual(removed.lines.data.map((l) => l.id).sort(), [consulting.id, seats.id].sort());
    assert.deepEqual([removed.subtotal, removed.total, removed.metadata], [5700, 5940, {}]);
    assert.equal((await stripe.invoiceItems.retrieve(pending.id)).invoice, null);
    const deletedItem = inline.parent!.invoice_item_details!.invoice_item;
    await assertSdkError(stripe.invoiceItems.retrieve(deletedItem), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: `No such invoiceitem: '${deletedItem}'` });

    // Each request is one invoice.updated showing what it changed; new items are created, a deleted one deleted.
    const invoiceEvents = await eventsOf(stripe, draft.id!);
    assert.deepEqual(invoiceEvents.map((e) => e.type), ['invoice.created', 'invoice.updated', 'invoice.updated', 'invoice.updated']);
    assert.deepEqual(invoiceEvents.map((e) => (e.data.previous_attributes as { total?: number } | undefined)?.total), [undefined, 0, 5500, 7240]);
    assert.deepEqual((invoiceEvents[1].data.previous_attributes as { metadata: unknown }).metadata, { batch: null });
    assert.deepEqual((await eventsOf(stripe, consulting.parent!.invoice_item_details!.invoice_item)).map((e) => e.type), ['invoiceitem.created']);
    assert.deepEqual((await eventsOf(stripe, deletedItem)).map((e) => e.type), ['invoiceitem.created', 'invoiceitem.deleted']);
  });

  it('updates one line with updateLineItem and answers the line', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'one-line@example.com' });
    const draft = await stripe.invoices.addLines((await stripe.invoices.create({ customer: customer.id })).id!, { lines: [{ amount: 800, description: 'Design' }] });
    const line = draft.lines.data[0];
    const updated = await stripe.invoices.updateLineItem(draft.id!, line.id, { amount: 900, description: 'Design review', metadata: { step: '2' } });
    assert.deepEqual([updated.object, updated.id, updated.amount, updated.description, updated.metadata], ['line_item', line.id, 900, 'Design review', { step: '2' }]);
    assert.equal((await stripe.invoices.retrieve(draft.id!)).total, 900);
    const [, added, changed] = await eventsOf(stripe, draft.id!);
    assert.deepEqual([added.type, changed.type, (changed.data.previous_attributes as { total: number }).total], ['invoice.updated', 'invoice.updated', 800]);
    await assertSdkError(stripe.invoices.updateLineItem(draft.id!, line.id, { tax_rates: ['txr_nope'] }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'tax_rates[0]', message: "No such tax rate: 'txr_nope'",
    });
    await assertSdkError(stripe.invoices.updateLineItem(draft.id!, 'il_nope', { amount: 1 }), {
      type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: "No such line item: 'il_nope'",
    });
  });

  it("refuses what Stripe refuses, naming the line's parameter, and changes nothing", async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'refused@example.com' });
    const draft = await stripe.invoices.create({ customer: customer.id });
    const euro = await stripe.prices.create({ currency: 'eur', unit_amount: 100, product_data: { name: 'Euro thing' } });
    const invalid = (param: string, message: string | RegExp, code?: string) => ({ type: 'StripeInvalidRequestError', statusCode: 400, param, message, code });

    // The first line is valid, the second is not: neither is added.
    await assertSdkError(stripe.invoices.addLines(draft.id!, { lines: [{ amount: 100 }, { pricing: { price: euro.id } }] }), invalid('lines[1][pricing][price]', `The price ${euro.id} is in eur; invoice ${draft.id} is in usd.`));
    assert.deepEqual((await stripe.invoices.retrieve(draft.id!)).lines.data, []);
    assert.deepEqual((await stripe.invoiceItems.list({ customer: customer.id })).data, []);
    await assertSdkError(stripe.invoices.addLines(draft.id!, { lines: [{ description: 'No amount' }] }), invalid('lines[0][amount]', 'Missing required param: amount (or pricing[price]).', 'parameter_missing'));
    await assertSdkError(stripe.invoices.addLines(draft.id!, { lines: [{ amount: 5, tax_amounts: [{ amount: 1, taxable_amount: 5, tax_rate_data: { display_name: 'T', inclusive: false, percentage: 20 } }] }] }), invalid('lines[0][tax_amounts]', 'tax_amounts is not supported: Bursar computes taxes from tax_rates.'));
    await assertSdkError(stripe.invoices.addLines(draft.id!, { lines: [{ amount: 5, discounts: [{ coupon: 'nope' }] }] }), invalid('lines[0][discounts]', 'Discounts of a single line are not supported: give the invoice its discounts.'));
    await assertSdkError(stripe.invoices.updateLines(draft.id!, { lines: [{ id: 'il_nope', amount: 5 }] }), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'lines[0][id]', message: "No such line item: 'il_nope'" });
    await assertSdkError(stripe.invoices.addLines(draft.id!, { lines: [{ invoice_item: 'ii_nope' }] }), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'lines[0][invoice_item]', message: "No such invoiceitem: 'ii_nope'" });

    const other = await stripe.invoices.create({ customer: customer.id });
    const taken = await stripe.invoiceItems.create({ customer: customer.id, amount: 50, currency: 'usd', invoice: other.id });
    await assertSdkError(stripe.invoices.addLines(draft.id!, { lines: [{ invoice_item: taken.id }] }),
      invalid('lines[0][invoice_item]', `The invoice item ${taken.id} is already on invoice ${other.id}; only an unassigned item can be added.`));

    const open = await stripe.invoices.addLines(draft.id!, { lines: [{ amount: 700 }] });
    await stripe.invoices.finalizeInvoice(open.id!);
    const notDraft = (action: string) => ({
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'invoice_unexpected_state', message: `Invoice ${draft.id} is open; only a draft invoice can be ${action}.`,
    });
    await assertSdkError(stripe.invoices.addLines(draft.id!, { lines: [{ amount: 1 }] }), notDraft('given new lines'));
    await assertSdkError(stripe.invoices.updateLines(draft.id!, { lines: [{ id: open.lines.data[0].id, amount: 1 }] }), notDraft('edited'));
    await assertSdkError(stripe.invoices.removeLines(draft.id!, { lines: [{ id: open.lines.data[0].id, behavior: 'delete' }] }), notDraft('edited'));
  });

  it("keeps a subscription's own line to what it may change on a held renewal draft", async () => {
    const { stripe } = sdk();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_767_225_600 });
    const customer = await stripe.customers.create({ email: 'held@example.com', test_clock: clock.id });
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: card.id });
    await stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'keep_as_draft' } });
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 1_767_225_600 + 32 * 86_400 });
    const [renewal] = (await stripe.invoices.list({ subscription: sub.id, status: 'draft' })).data;
    const line = renewal.lines.data[0];
    assert.equal(line.parent?.type, 'subscription_item_details');

    await assertSdkError(stripe.invoices.updateLines(renewal.id!, { lines: [{ id: line.id, amount: 1 }] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'lines[0][amount]',
      message: `Line ${line.id} bills subscription item ${sub.items.data[0].id}: its amount follows the subscription and cannot be updated here.`,
    });
    await assertSdkError(stripe.invoices.removeLines(renewal.id!, { lines: [{ id: line.id, behavior: 'delete' }] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'lines[0][id]',
      message: `Line ${line.id} bills subscription item ${sub.items.data[0].id}: a subscription's own line cannot be removed from its invoice.`,
    });
    const changed = await stripe.invoices.updateLines(renewal.id!, { lines: [{ id: line.id, description: 'Pro, February', metadata: { seat: 'a' } }] });
    assert.deepEqual([changed.lines.data[0].description, changed.lines.data[0].metadata, changed.lines.data[0].amount], ['Pro, February', { seat: 'a' }, 2000]);
    // A subscription line's metadata is replaced, not merged, as Stripe documents.
    const replaced = await stripe.invoices.updateLines(renewal.id!, { lines: [{ id: line.id, metadata: { seat: 'b' } }] });
    assert.deepEqual(replaced.lines.data[0].metadata, { seat: 'b' });
  });

  it('sends a send_invoice invoice (finalizing a draft first) and records invoice.sent', async () => {
    const { stripe, api } = sdk();
    const customer = await stripe.customers.create({ email: 'send@example.com' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30 });
    await stripe.invoices.addLines(draft.id!, { lines: [{ amount: 4200, description: 'Audit' }] });
    const sent = await stripe.invoices.sendInvoice(draft.id!);
    assert.deepEqual([sent.status, sent.amount_due, sent.number !== null, sent.hosted_invoice_url !== null], ['open', 4200, true, true]);
    const again = await stripe.invoices.sendInvoice(draft.id!);
    assert.equal(again.status, 'open');
    assert.deepEqual((await eventsOf(stripe, draft.id!)).map((e) => e.type), ['invoice.created', 'invoice.updated', 'invoice.finalized', 'invoice.sent', 'invoice.sent']);
    // Each send waits for the email sender, to the address the customer had then.
    const ctx = api.ctx();
    const sends = await invoiceSendsOf(ctx.db, ctx.scope, draft.id!);
    assert.deepEqual(sends.map((s) => [s.email, Number(s.requested_at), s.delivered_at]), [['send@example.com', api.clock.now(), null], ['send@example.com', api.clock.now(), null]]);

    const paid = await stripe.invoices.pay(draft.id!, { paid_out_of_band: true });
    assert.equal((await stripe.invoices.sendInvoice(paid.id!)).status, 'paid');

    const automatic = await stripe.invoices.create({ customer: customer.id });
    await assertSdkError(stripe.invoices.sendInvoice(automatic.id!), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'invoice_unexpected_state', message: "You can only manually send an invoice if its collection method is 'send_invoice'.",
    });
    const voidable = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7 });
    await stripe.invoices.addLines(voidable.id!, { lines: [{ amount: 100 }] });
    await stripe.invoices.finalizeInvoice(voidable.id!);
    await stripe.invoices.voidInvoice(voidable.id!);
    await assertSdkError(stripe.invoices.sendInvoice(voidable.id!), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'invoice_unexpected_state', message: `Invoice ${voidable.id} is void; a void invoice cannot be sent.`,
    });
    const nobody = await stripe.customers.create({ name: 'No Email' });
    const unsendable = await stripe.invoices.create({ customer: nobody.id, collection_method: 'send_invoice', days_until_due: 7 });
    await assertSdkError(stripe.invoices.sendInvoice(unsendable.id!), {
      type: 'StripeInvalidRequestError', statusCode: 400, param: 'customer',
      message: 'Missing email. In order to create invoices that are sent to the customer, the customer must have a valid email.',
    });
    assert.equal((await stripe.invoices.retrieve(unsendable.id!)).status, 'draft');
    await assertSdkError(stripe.invoices.sendInvoice('in_nope'), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: "No such invoice: 'in_nope'" });
  });
});
