import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('invoices through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, updates, finalizes, pays, voids and lists invoices', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'cy@example.com' });
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 4200, currency: 'usd', description: 'Audit' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', default_payment_method: failing.id });
    assert.deepEqual([draft.object, draft.status, draft.total, draft.lines.data.length], ['invoice', 'draft', 4200, 1]);
    const updated = await stripe.invoices.update(draft.id!, { description: 'Q1 audit', metadata: { po: '9' } });
    assert.deepEqual([updated.description, updated.metadata], ['Q1 audit', { po: '9' }]);

    const open = await stripe.invoices.finalizeInvoice(draft.id!);
    assert.equal(open.status, 'open');
    assert.match(open.number ?? '', /-0001$/);
    await assertSdkError(stripe.invoices.pay(draft.id!), {
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid = await stripe.invoices.pay(draft.id!, { payment_method: visa.id, expand: ['customer'] });
    assert.deepEqual([paid.status, paid.attempt_count, paid.amount_paid, (paid.customer as { email: string }).email], ['paid', 2, 4200, 'cy@example.com']);

    const second = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 14 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: second.id, amount: 900, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(second.id!);
    const uncollectible = await stripe.invoices.markUncollectible(second.id!);
    assert.equal(uncollectible.status, 'uncollectible');
    const voided = await stripe.invoices.voidInvoice(second.id!);
    assert.equal(voided.status, 'void');

    const third = await stripe.invoices.create({ customer: customer.id });
    assert.deepEqual(await stripe.invoices.del(third.id!), { id: third.id, object: 'invoice', deleted: true });
    const all = await stripe.invoices.list({ customer: customer.id, limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(all.map((i) => i.id), [second.id, draft.id]);
    assert.deepEqual((await stripe.invoices.list({ status: 'void' })).data.map((i) => i.id), [second.id]);
    await assertSdkError(stripe.invoices.retrieve(third.id!), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: `No such invoice: '${third.id}'`,
    });
  });
  it("pages through an invoice's lines with listLineItems and auto-pagination", async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ email: 'lines@example.com' });
    for (let i = 1; i <= 12; i++) await stripe.invoiceItems.create({ customer: customer.id, amount: 100 * i, currency: 'usd', description: `Line ${i}` });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const all = await stripe.invoices.listLineItems(draft.id!).autoPagingToArray({ limit: 100 });
    assert.deepEqual(all.map((l) => l.description), draft.lines.data.map((l) => l.description));
    assert.equal(all.length, 12);

    const first = await stripe.invoices.listLineItems(draft.id!, { limit: 5 });
    assert.deepEqual([first.object, first.url, first.has_more, first.data.length], ['list', `/v1/invoices/${draft.id}/lines`, true, 5]);
    const next = await stripe.invoices.listLineItems(draft.id!, { limit: 5, starting_after: first.data[4].id });
    assert.deepEqual(next.data.map((l) => l.id), all.slice(5, 10).map((l) => l.id));
    const back = await stripe.invoices.listLineItems(draft.id!, { limit: 3, ending_before: next.data[0].id });
    assert.deepEqual([back.data.map((l) => l.id), back.has_more], [all.slice(2, 5).map((l) => l.id), true]);

    await assertSdkError(stripe.invoices.listLineItems(draft.id!, { starting_after: 'il_nope' }), { type: 'StripeInvalidRequestError', statusCode: 400, param: 'starting_after', message: /starting_after does not name an item of this list: il_nope/ });
    await assertSdkError(stripe.invoices.listLineItems('in_nope'), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing', param: 'id', message: /No such invoice: 'in_nope'/ });
  });

  it('keeps custom_fields, footer and description on an invoice, from the customer\'s defaults or its own, with events', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({
      email: 'fields@example.com',
      invoice_settings: { custom_fields: [{ name: 'Account', value: 'A-17' }], footer: 'Thanks for your business.' },
    });
    const inherited = await stripe.invoices.create({ customer: customer.id });
    assert.deepEqual([inherited.custom_fields, inherited.footer, inherited.description], [[{ name: 'Account', value: 'A-17' }], 'Thanks for your business.', null]);
    await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    const preview = await stripe.invoices.createPreview({ customer: customer.id });
    assert.deepEqual([preview.custom_fields, preview.footer], [inherited.custom_fields, inherited.footer]);

    const own = await stripe.invoices.create({
      customer: customer.id,
      description: 'March consulting',
      custom_fields: [{ name: 'PO number', value: 'PO-2026-118' }, { name: 'Project', value: 'Atlas' }],
      footer: 'Acme Ltd, registered in England no. 01234567',
    });
    assert.deepEqual([own.custom_fields, own.footer, own.description], [
      [{ name: 'PO number', value: 'PO-2026-118' }, { name: 'Project', value: 'Atlas' }], 'Acme Ltd, registered in England no. 01234567', 'March consulting',
    ]);
    const none = await stripe.invoices.create({ customer: customer.id, custom_fields: '', footer: '' });
    assert.deepEqual([none.custom_fields, none.footer], [null, null]);

    const changed = await stripe.invoices.update(own.id!, { custom_fields: [{ name: 'PO number', value: 'PO-2026-119' }], footer: 'New footer' });
    assert.deepEqual([changed.custom_fields, changed.footer], [[{ name: 'PO number', value: 'PO-2026-119' }], 'New footer']);
    const cleared = await stripe.invoices.update(own.id!, { custom_fields: '', description: '' });
    assert.deepEqual([cleared.custom_fields, cleared.description, cleared.footer], [null, null, 'New footer']);
    assert.deepEqual((await stripe.invoices.retrieve(own.id!)).custom_fields, null);

    const updates = (await stripe.events.list({ type: 'invoice.updated', limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === own.id);
    assert.deepEqual(updates.map((e) => e.data.previous_attributes), [
      { custom_fields: [{ name: 'PO number', value: 'PO-2026-119' }], description: 'March consulting' },
      { custom_fields: [{ name: 'PO number', value: 'PO-2026-118' }, { name: 'Project', value: 'Atlas' }], footer: 'Acme Ltd, registered in England no. 01234567' },
    ]);

    const field = (name: string, value = 'x') => ({ name, value });
    await assertSdkError(stripe.invoices.create({ customer: customer.id, custom_fields: ['a', 'b', 'c', 'd', 'e'].map((n) => field(n)) }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'custom_fields', message: /custom_fields/,
    });
    await assertSdkError(stripe.invoices.update(own.id!, { custom_fields: [field('n'.repeat(41))] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'custom_fields[0][name]', message: /custom_fields\[0\]\[name\]/,
    });
    await assertSdkError(stripe.invoices.update(own.id!, { custom_fields: [field('Note', 'v'.repeat(141))] }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'parameter_invalid', param: 'custom_fields[0][value]', message: /custom_fields\[0\]\[value\]/,
    });
    await stripe.invoices.finalizeInvoice(own.id!);
    await assertSdkError(stripe.invoices.update(own.id!, { footer: 'Too late' }), {
      type: 'StripeInvalidRequestError', statusCode: 400, code: 'invoice_unexpected_state', message: `Invoice ${own.id} is paid; only a draft invoice can be updated.`,
    });
  });
});
