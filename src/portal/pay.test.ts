import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openInvoice, openPortal, portalFixture, textOf, timesPaid } from '../../test/support/portal.ts';

const invoiceOf = async (api: TestApi, id: string) => (await api.call('GET', `/v1/invoices/${id}`)).body;

describeEachEngine('paying an invoice in the portal', createTestApi, (get) => {
  it('offers Pay on the overview and the history; pays with the chosen saved card once, and a second submit says it is already paid', async () => {
    const api = get();
    const f = await portalFixture(api, 'Pay Saved');
    const other = await apiPost(api, '/v1/payment_methods/pm_card_mastercard/attach', { customer: f.customer.id });
    const invoice = await openInvoice(api, f.customer.id);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });

    const overview = await v.get('/p');
    assert.match(textOf(overview.html), new RegExp(`Invoices to pay Invoice ${invoice.number}: \\$12\\.00 due Pay ${invoice.number}`));
    assert.ok(overview.html.includes(`href="/p/invoices/${invoice.id}/pay?from=overview"`));
    const history = await v.get('/p/invoices');
    assert.ok(history.html.includes(`href="/p/invoices/${invoice.id}/pay"`), 'the open invoice has its Pay action in the history');
    assert.equal(history.html.match(/\/pay"/g)?.length, 1, 'only the open invoice: the paid one of the subscription has none');

    const page = await v.get(`/p/invoices/${invoice.id}/pay?from=overview`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.html), new RegExp(`Pay invoice ${invoice.number} Amount due \\$12\\.00 .*Pay with Visa •••• 4242 Mastercard •••• 4444 A new card Pay \\$12\\.00 Back`));
    assert.ok(page.html.includes(`value="${f.card.id}" checked`), 'the default card is preselected');
    assert.match(page.headers.get('content-security-policy')!, /form-action 'self'/);

    const paid = await v.post(`/p/invoices/${invoice.id}/pay`, { payment_method: other.id, from: 'overview' });
    assert.equal(paid.status, 303);
    assert.equal(paid.headers.get('location'), '/p?done=invoice_paid');
    const after = textOf((await v.get('/p?done=invoice_paid')).html);
    assert.match(after, /Thank you: your payment was received and the invoice is paid\./);
    assert.doesNotMatch(after, /Invoices to pay/);
    const charged = await invoiceOf(api, invoice.id);
    assert.equal(charged.status, 'paid');
    assert.equal(charged.amount_paid, 1200);

    const again = await v.post(`/p/invoices/${invoice.id}/pay`, { payment_method: other.id });
    assert.equal(again.headers.get('location'), `/p/invoices/${invoice.id}/pay?done=already_paid`);
    const shown = textOf((await v.get(again.headers.get('location')!)).html);
    assert.match(shown, /This invoice was already paid: you were not charged again\. This invoice is paid: \$12\.00 on .*Nothing more is due\./);
    assert.equal(await timesPaid(api, invoice.id), 1, 'charged once');
    assert.doesNotMatch((await v.get('/p/invoices')).html, /\/pay"/);
  });

  it('shows a decline beside the cards with the declined card still chosen, and the invoice stays open', async () => {
    const api = get();
    const f = await portalFixture(api, 'Pay Declined');
    const failing = await apiPost(api, '/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: f.customer.id });
    const invoice = await openInvoice(api, f.customer.id);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    await v.get(`/p/invoices/${invoice.id}/pay`);
    const refused = await v.post(`/p/invoices/${invoice.id}/pay`, { payment_method: failing.id });
    assert.equal(refused.status, 402);
    assert.match(textOf(refused.html), new RegExp(`Pay invoice ${invoice.number} Your card was declined\\. Amount due \\$12\\.00`));
    assert.ok(refused.html.includes('<fieldset aria-describedby="pay-error">'));
    assert.ok(refused.html.includes(`value="${failing.id}" checked`), 'what was chosen stays chosen');
    assert.ok(!refused.html.includes(`value="${f.card.id}" checked`));
    const still = await invoiceOf(api, invoice.id);
    assert.equal(still.status, 'open');
    assert.equal(still.attempt_count, 1);
  });

  it('pays with a new card through the test card form; a declined new card keeps its expiry and says why', async () => {
    const api = get();
    const f = await portalFixture(api, 'Pay New');
    const invoice = await openInvoice(api, f.customer.id);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    await v.get(`/p/invoices/${invoice.id}/pay`);
    const chosen = await v.post(`/p/invoices/${invoice.id}/pay`, { payment_method: 'new' });
    assert.equal(chosen.headers.get('location'), `/p/invoices/${invoice.id}/pay/card`);
    const form = await v.get(chosen.headers.get('location')!);
    assert.match(textOf(form.html), new RegExp(`Pay invoice ${invoice.number} with a new card Amount due \\$12\\.00 Test mode: .*Card number .*Save card and pay \\$12\\.00 Back`));

    const declined = await v.post(`/p/invoices/${invoice.id}/pay/card`, { number: '4000 0000 0000 0341', exp_month: '4', exp_year: '2031', cvc: '123' });
    assert.equal(declined.status, 402);
    assert.match(textOf(declined.html), /Your card was declined\./);
    assert.ok(declined.html.includes('value="2031"') && declined.html.includes('value="4"'), 'the expiry is kept');
    assert.ok(!declined.html.includes('0341'), 'the number is never written back');
    assert.ok(declined.html.includes('aria-describedby="pay-error"'));

    const paid = await v.post(`/p/invoices/${invoice.id}/pay/card`, { number: '5555555555554444', exp_month: '4', exp_year: '2031', cvc: '123' });
    assert.equal(paid.headers.get('location'), '/p/invoices?done=invoice_paid');
    assert.match(textOf((await v.get('/p/invoices?done=invoice_paid')).html), /Thank you: your payment was received/);
    const customer = (await api.call('GET', `/v1/customers/${f.customer.id}`)).body;
    const card = (await api.call('GET', `/v1/payment_methods/${customer.invoice_settings.default_payment_method}`)).body;
    assert.equal(card.card.last4, '4444', 'the new card pays from now on, as a card added in the portal does');
    assert.equal((await invoiceOf(api, invoice.id)).status, 'paid');
  });

  it('shows the current state to a customer coming back from their bank: open with why and Pay again, or paid', async () => {
    const api = get();
    const f = await portalFixture(api, 'Pay Return');
    const invoice = await openInvoice(api, f.customer.id);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const back = await v.get(`/p/invoices/${invoice.id}/pay?payment_intent=pi_123&redirect_status=failed`);
    assert.match(textOf(back.html), /Your payment was not completed: the card was declined or its bank did not confirm it\. You can try again\..*Pay \$12\.00/);
    assert.match(back.html, /role="alert" id="pay-error"/);
    await apiPost(api, `/v1/invoices/${invoice.id}/pay`, {});
    const paid = textOf((await v.get(`/p/invoices/${invoice.id}/pay?payment_intent=pi_123&redirect_status=succeeded`)).html);
    assert.match(paid, /Invoice \S+ Thank you: your payment was received and the invoice is paid\. This invoice is paid: \$12\.00 on .* Nothing more is due\./);
    assert.doesNotMatch(paid, /not completed|Pay \$12/);
  });

  it("refuses another customer's invoice, a forged form, and a card that is not the customer's", async () => {
    const api = get();
    const f = await portalFixture(api, 'Pay Owner');
    const stranger = await portalFixture(api, 'Pay Stranger');
    const theirs = await openInvoice(api, stranger.customer.id);
    const mine = await openInvoice(api, f.customer.id);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    await v.get(`/p/invoices/${mine.id}/pay`);
    assert.equal((await v.get(`/p/invoices/${theirs.id}/pay`)).status, 404);
    assert.equal((await v.post(`/p/invoices/${theirs.id}/pay`, { payment_method: f.card.id })).status, 404);
    assert.equal((await v.post(`/p/invoices/${mine.id}/pay`, { payment_method: f.card.id, _csrf: 'forged' })).status, 403);
    const foreign = await v.post(`/p/invoices/${mine.id}/pay`, { payment_method: stranger.card.id });
    assert.equal(foreign.status, 400);
    assert.equal((await invoiceOf(api, theirs.id)).status, 'open');
    assert.equal((await invoiceOf(api, mine.id)).status, 'open');
  });
});

describeEachEngine('payment banners in the portal', createTestApi, (get) => {
  it('leads a past-due customer to pay the failed invoice; paying makes the subscription active and the banner goes', async () => {
    const api = get();
    const f = await portalFixture(api, 'Banner Late');
    const clock = await apiPost(api, '/v1/test_helpers/test_clocks', { frozen_time: api.clock.now() });
    const late = await apiPost(api, '/v1/customers', { name: 'Banner Late', test_clock: clock.id });
    const failing = await apiPost(api, '/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: late.id });
    const sub = await apiPost(api, '/v1/subscriptions', { customer: late.id, items: [{ price: f.prices.monthly.id }], default_payment_method: failing.id, trial_period_days: 7 });
    await apiPost(api, `/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: sub.trial_end + 3600 });
    const { latest_invoice: invoice, status } = (await api.call('GET', `/v1/subscriptions/${sub.id}`)).body;
    assert.equal(status, 'past_due');
    const { visitor: v } = await openPortal(api, { customer: late.id });

    const overview = await v.get('/p');
    assert.match(textOf(overview.html), /Your payment of \$29\.00 for Pro failed\. Pay it to keep your subscription\. Pay now/);
    const pay = await v.get(`/p/invoices/${invoice}/pay?from=overview`);
    assert.ok(pay.html.includes(`value="${failing.id}" checked`), "the subscription's card is the invoice's, checked first");
    const chosen = await v.post(`/p/invoices/${invoice}/pay`, { payment_method: 'new', from: 'overview' });
    assert.equal(chosen.headers.get('location'), `/p/invoices/${invoice}/pay/card?from=overview`);
    await v.get(chosen.headers.get('location')!);
    const paid = await v.post(`/p/invoices/${invoice}/pay/card`, { number: '4242424242424242', exp_month: '12', exp_year: '2030', from: 'overview' });
    assert.equal(paid.headers.get('location'), '/p?done=invoice_paid');

    const after = textOf((await v.get('/p?done=invoice_paid')).html);
    assert.match(after, /Thank you: your payment was received and the invoice is paid\. Pro Active/);
    assert.doesNotMatch(after, /failed|Pay now|Invoices to pay/);
    assert.equal((await api.call('GET', `/v1/subscriptions/${sub.id}`)).body.status, 'active');
  });

  it('never shows an incomplete subscription as active: its banner leads to completing the payment, and paying activates it', async () => {
    const api = get();
    const f = await portalFixture(api, 'Banner Start');
    const fresh = await apiPost(api, '/v1/customers', { name: 'Banner Start' });
    const sub = await apiPost(api, '/v1/subscriptions', { customer: fresh.id, items: [{ price: f.prices.monthly.id }], payment_behavior: 'default_incomplete' });
    assert.equal(sub.status, 'incomplete');
    const { visitor: v } = await openPortal(api, { customer: fresh.id });

    const overview = textOf((await v.get('/p')).html);
    assert.match(overview, /Your Pro subscription is not active yet: complete the payment of \$29\.00\. Complete payment .*Pro Incomplete Pro – \$29\.00 per month Cancel subscription/);
    assert.doesNotMatch(overview, /Active|active until|Next invoice|Change plan/);
    assert.equal((await v.get(`/p/subscriptions/${sub.id}/update`)).status, 404, 'no plan change before it started');
    const cancel = textOf((await v.get(`/p/subscriptions/${sub.id}/cancel`)).html);
    assert.match(cancel, /Its first payment is not complete, so it has not started: it ends now\./);
    assert.doesNotMatch(cancel, /stays active/);

    await v.get(`/p/invoices/${sub.latest_invoice}/pay?from=overview`);
    await v.post(`/p/invoices/${sub.latest_invoice}/pay`, { payment_method: 'new', from: 'overview' });
    const paid = await v.post(`/p/invoices/${sub.latest_invoice}/pay/card`, { number: '4242424242424242', exp_month: '12', exp_year: '2030', from: 'overview' });
    assert.equal(paid.headers.get('location'), '/p?done=invoice_paid');
    const after = textOf((await v.get('/p?done=invoice_paid')).html);
    assert.match(after, /Pro Active .*Next invoice \$29\.00/);
    assert.doesNotMatch(after, /not active yet/);
    assert.equal((await api.call('GET', `/v1/subscriptions/${sub.id}`)).body.status, 'active');
  });
});
