import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf } from '../../test/support/portal.ts';

const DAY = 24 * 60 * 60;
/** A date as the English pages write it. */
const day = (seconds: number) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(seconds * 1000);

describeEachEngine('portal pages and actions', createTestApi, (get) => {
  const events = async (type: string) => (await get().call('GET', '/v1/events', { params: { type, limit: 100 } })).body.data;

  it('shows each subscription with its plan, status, next invoice, and a past-due banner leading to paying its invoice', async () => {
    const api = get();
    const f = await portalFixture(api);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const text = textOf((await v.get('/p')).html);
    assert.ok(text.includes(`Pro Active Pro – $29.00 per month Next invoice $29.00 on ${day(f.subscription.items.data[0].current_period_end)} Change plan Cancel subscription`), text);
    assert.doesNotMatch(text, /payment .*failed/);

    const clock = await apiPost(api, '/v1/test_helpers/test_clocks', { frozen_time: api.clock.now() });
    const late = await apiPost(api, '/v1/customers', { name: 'Late Payer', test_clock: clock.id });
    const good = await apiPost(api, '/v1/payment_methods/pm_card_visa/attach', { customer: late.id });
    const sub = await apiPost(api, '/v1/subscriptions', { customer: late.id, items: [{ price: f.prices.monthly.id }], default_payment_method: good.id, trial_period_days: 7 });
    const { visitor: trial } = await openPortal(api, { customer: late.id });
    assert.ok(textOf((await trial.get('/p')).html).includes(`Pro Trial Pro – $29.00 per month Trial ends ${day(sub.trial_end)}`));
    const failing = await apiPost(api, '/v1/payment_methods/pm_card_chargeCustomerFail/attach', { customer: late.id });
    await apiPost(api, `/v1/subscriptions/${sub.id}`, { default_payment_method: failing.id });
    await apiPost(api, `/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: sub.trial_end + 3600 });
    assert.equal((await api.call('GET', `/v1/subscriptions/${sub.id}`)).body.status, 'past_due');
    const banner = await trial.get('/p');
    assert.match(textOf(banner.html), /Your payment of \$29\.00 for Pro failed\. Pay it to keep your subscription\. Pay now .*Pro Past due/);
    const latest = (await api.call('GET', `/v1/subscriptions/${sub.id}`)).body.latest_invoice;
    assert.ok(banner.html.includes(`<a href="/p/invoices/${latest}/pay?from=overview">Pay now</a>`));
  });

  it('changes the plan after showing the invoice preview, and the invoice appears in the history', async () => {
    const api = get();
    const f = await portalFixture(api, 'Grace Hopper');
    api.clock.advance(15 * DAY);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const choose = await v.get(`/p/subscriptions/${f.subscription.id}/update`);
    assert.match(textOf(choose.html), /Choose a plan Pro – \$29\.00 per month Current plan Pro – \$49\.00 per month Quantity Review change/);
    const item = f.subscription.items.data[0].id;
    const confirm = await v.get(`/p/subscriptions/${f.subscription.id}/update/confirm?item=${item}&price=${f.prices.bigger.id}&quantity=2`);
    assert.equal(confirm.status, 200);
    const preview = await api.call('POST', '/v1/invoices/create_preview', {
      params: { subscription: f.subscription.id, subscription_details: { items: [{ id: item, price: f.prices.bigger.id, quantity: 2 }], proration_behavior: 'always_invoice', proration_date: api.clock.now() } },
    });
    const total = `$${(preview.body.total / 100).toFixed(2)}`;
    const text = textOf(confirm.html);
    assert.match(text, /New plan: Pro – \$49\.00 per month, quantity 2\. Billed now/);
    assert.ok(text.includes(`Total ${total}`), `${text} shows ${total}`);
    assert.ok(preview.body.total > 0);

    api.clock.advance(60); // the customer reads the preview for a minute; the charge is still what it showed
    const done = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item, price: f.prices.bigger.id, quantity: '2', proration_date: confirm.html.match(/name="proration_date" value="(\d+)"/)![1] });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/p?done=plan_updated');
    assert.match(textOf((await v.get('/p?done=plan_updated')).html), /Your plan was updated\. .*Pro – \$49\.00 per month × 2/);
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.deepEqual([sub.items.data[0].price.id, sub.items.data[0].quantity], [f.prices.bigger.id, 2]);
    const invoice = (await api.call('GET', `/v1/invoices/${sub.latest_invoice}`)).body;
    assert.deepEqual([invoice.billing_reason, invoice.total, invoice.status], ['subscription_update', preview.body.total, 'paid']);
    const [updated] = await events('customer.subscription.updated');
    assert.equal(updated.data.object.id, sub.id);
    assert.match(updated.request.id, /^req_/);
    const history = textOf((await v.get('/p/invoices')).html);
    assert.ok(history.includes(`${invoice.number} ${total} Paid View ${invoice.number} PDF`), history);
  });

  it('refuses a price or quantity the configuration does not offer', async () => {
    const api = get();
    const f = await portalFixture(api, 'Picky Customer');
    const other = await apiPost(api, '/v1/prices', { product: f.products.pro.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month' } });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const base = `/p/subscriptions/${f.subscription.id}/update/confirm?item=${f.subscription.items.data[0].id}`;
    assert.equal((await v.get(`${base}&price=${other.id}`)).status, 404, 'a price not offered');
    // A quantity out of the product's range comes back to the choice, refused beside the field (src/portal/quantity.test.ts).
    for (const query of [`&price=${f.prices.bigger.id}&quantity=11`, `&price=${f.prices.bigger.id}&quantity=0`, `&quantity=abc`]) {
      const refused = await v.get(base + query);
      assert.equal(refused.status, 400, query);
      assert.match(textOf(refused.html), /Choose a quantity from 1 to 10\./, query);
    }
    assert.equal((await v.get(`${base}&price=${f.prices.bigger.id}`)).status, 200, 'an offered price previews');
    const posted = await v.post(`/p/subscriptions/${f.subscription.id}/update`, { item: f.subscription.items.data[0].id, price: other.id, quantity: '1' });
    assert.equal(posted.status, 404);
    assert.equal((await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body.items.data[0].price.id, f.prices.monthly.id);
  });

  it('cancels at period end with the reason survey, then renews', async () => {
    const api = get();
    const f = await portalFixture(api, 'Alan Turing');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const page = await v.get(`/p/subscriptions/${f.subscription.id}/cancel`);
    const end = day(f.subscription.items.data[0].current_period_end);
    assert.match(textOf(page.html), new RegExp(`You are about to cancel Pro\\. It stays active until ${end}, then ends\\..*It is too expensive.*Another reason`));
    const res = await v.post(`/p/subscriptions/${f.subscription.id}/cancel`, { reason: 'too_expensive', comment: 'Cheaper elsewhere' });
    assert.equal(res.status, 303);
    let sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.equal(sub.cancel_at_period_end, true);
    assert.equal(sub.status, 'active');
    assert.deepEqual(sub.cancellation_details, { comment: 'Cheaper elsewhere', feedback: 'too_expensive', feedback_option: null, reason: null });
    const overview = await v.get('/p?done=canceled');
    assert.ok(textOf(overview.html).includes(`Cancels on ${end} Renew subscription`), overview.html);
    assert.match(textOf(overview.html), /Your subscription was canceled\./);

    assert.equal((await v.post(`/p/subscriptions/${f.subscription.id}/renew`)).status, 303);
    sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.deepEqual([sub.cancel_at_period_end, sub.cancel_at], [false, null]);
    assert.match(textOf((await v.get('/p?done=renewed')).html), /Your subscription will continue\..*Cancel subscription/);
  });

  it('cancels at once when the configuration says so, crediting the unused time', async () => {
    const api = get();
    const f = await portalFixture(api, 'Now Leaver');
    const config = await apiPost(api, '/v1/billing_portal/configurations', {
      features: { subscription_cancel: { enabled: 'true', mode: 'immediately', proration_behavior: 'create_prorations' } },
    });
    api.clock.advance(10 * DAY);
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, configuration: config.id });
    const page = await v.get(`/p/subscriptions/${f.subscription.id}/cancel`);
    assert.match(textOf(page.html), /It ends now\./);
    assert.doesNotMatch(page.html, /name="reason"/, 'no survey when the configuration has none');
    assert.equal((await v.post(`/p/subscriptions/${f.subscription.id}/cancel`)).status, 303);
    const sub = (await api.call('GET', `/v1/subscriptions/${f.subscription.id}`)).body;
    assert.equal(sub.status, 'canceled');
    const pending = (await api.call('GET', '/v1/invoiceitems', { params: { customer: f.customer.id, pending: 'true' } })).body.data;
    assert.equal(pending.length, 1);
    assert.ok(pending[0].amount < 0, 'the unused time is credited');
    assert.match(textOf((await v.get('/p')).html), /You have no subscriptions\./);
  });

  it('adds a card (declines shown), makes another default, and removes all but the only card of a subscription', async () => {
    const api = get();
    const f = await portalFixture(api, 'Card Holder');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    assert.match(textOf((await v.get('/p/payment-methods')).html), /VISA ending in 4242 Default Expires \d\d\/\d{4} Remove Add a card/);

    const declined = await v.post('/p/payment-methods', { number: '4000 0000 0000 0002', exp_month: '12', exp_year: '2030', cvc: '123' });
    assert.equal(declined.status, 402);
    assert.match(textOf(declined.html), /Your card was declined\./);
    assert.equal((await api.call('GET', `/v1/customers/${f.customer.id}/payment_methods`)).body.data.length, 1, 'a declined card is not saved');

    const added = await v.post('/p/payment-methods', { number: '5555555555554444', exp_month: '8', exp_year: '2031', cvc: '123' });
    assert.equal(added.status, 303);
    const cards = (await api.call('GET', `/v1/customers/${f.customer.id}/payment_methods`)).body.data;
    const mastercard = cards.find((c: any) => c.card.last4 === '4444');
    assert.equal((await api.call('GET', `/v1/customers/${f.customer.id}`)).body.invoice_settings.default_payment_method, mastercard.id);
    assert.match(textOf((await v.get('/p/payment-methods?done=card_added')).html), /Your card was added.*MASTERCARD ending in 4444 Default Expires 08\/2031/);

    assert.equal((await v.post(`/p/payment-methods/${f.card.id}/default`)).status, 303);
    assert.equal((await api.call('GET', `/v1/customers/${f.customer.id}`)).body.invoice_settings.default_payment_method, f.card.id);

    assert.equal((await v.post(`/p/payment-methods/${mastercard.id}/remove`)).status, 303);
    const refused = await v.post(`/p/payment-methods/${f.card.id}/remove`);
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.html), /This card pays your subscription and is your only card\. Add another card before removing it\./);
    assert.equal((await api.call('GET', `/v1/customers/${f.customer.id}/payment_methods`)).body.data.length, 1);
    assert.deepEqual((await events('payment_method.detached')).map((e: any) => e.data.object.id), [mastercard.id]);
  });

  it('lists invoices newest first, ten a page, with links to the hosted page and PDF', async () => {
    const api = get();
    const f = await portalFixture(api, 'Many Invoices');
    for (let i = 0; i < 11; i++) {
      await apiPost(api, '/v1/invoiceitems', { customer: f.customer.id, amount: 100 + i, currency: 'usd' });
      const draft = await apiPost(api, '/v1/invoices', { customer: f.customer.id, pending_invoice_items_behavior: 'include' });
      await apiPost(api, `/v1/invoices/${draft.id}/finalize`);
    }
    await apiPost(api, '/v1/invoiceitems', { customer: f.customer.id, amount: 999, currency: 'usd' });
    await apiPost(api, '/v1/invoices', { customer: f.customer.id, pending_invoice_items_behavior: 'include' });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const first = await v.get('/p/invoices');
    const rows = first.html.match(/<tr><td[ >]/g)!.length;
    assert.equal(rows, 9, 'ten invoices a page, the draft not shown');
    assert.match(textOf(first.html), /\$1\.10 Open View/);
    assert.doesNotMatch(textOf(first.html), /\$9\.99/);
    const latest = (await api.call('GET', '/v1/invoices', { params: { customer: f.customer.id, status: 'open', limit: 1 } })).body.data[0];
    assert.ok(first.html.includes(`<a href="${latest.hosted_invoice_url}">View`));
    assert.ok(first.html.includes(`<a href="${latest.invoice_pdf}" download>PDF`));
    const pdf = await api.app.request(new URL(latest.invoice_pdf).pathname);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const older = first.html.match(/href="(\/p\/invoices\?after=[^"]+)">Older invoices/)![1];
    const second = await v.get(older);
    assert.match(textOf(second.html), /\$1\.00 Open.*\$29\.00 Paid.*Newer invoices/);
    assert.doesNotMatch(second.html, /Older invoices/);
  });

  it('updates the billing details the configuration allows, with the API validation', async () => {
    const api = get();
    const f = await portalFixture(api, 'Detail Person');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id });
    const page = await v.get('/p/details');
    assert.ok(page.html.includes('value="detail@example.com"'));
    assert.doesNotMatch(page.html, /shipping/, 'shipping is not among the allowed updates');
    assert.match(page.html, /<input id="name" name="name" type="text"/, 'a name is typed as text');
    assert.match(page.html, /name="address\[country\]"[^>]* maxlength="2">/, 'the country takes two letters');
    const bad = await v.post('/p/details', { email: 'new@example.com', name: 'D. Person', phone: '', 'address[line1]': '1 Main St', 'address[country]': 'FRA' });
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.html), /Please check this field: Billing address: Country \(two-letter code\)\./);
    assert.equal((await api.call('GET', `/v1/customers/${f.customer.id}`)).body.email, 'detail@example.com', 'nothing saved');

    const ok = await v.post('/p/details', { email: 'new@example.com', name: 'D. Person', phone: '+1 555 0100', 'address[line1]': '1 Main St', 'address[city]': 'Paris', 'address[country]': 'FR', shipping: 'ignored' });
    assert.equal(ok.status, 303);
    const customer = (await api.call('GET', `/v1/customers/${f.customer.id}`)).body;
    assert.deepEqual([customer.email, customer.name, customer.phone, customer.address.line1, customer.address.city, customer.address.country], ['new@example.com', 'D. Person', '+1 555 0100', '1 Main St', 'Paris', 'FR']);
    const [updated] = await events('customer.updated');
    assert.equal(updated.data.previous_attributes.email, 'detail@example.com');
    assert.match(textOf((await v.get('/p/details?done=details_updated')).html), /Your billing details were saved\./);
  });

  it('shows only the pages whose features are on', async () => {
    const api = get();
    const f = await portalFixture(api, 'Bare Portal');
    const bare = await apiPost(api, '/v1/billing_portal/configurations', { features: { invoice_history: { enabled: 'false' } } });
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, configuration: bare.id });
    const text = textOf((await v.get('/p')).html);
    assert.doesNotMatch(text, /Payment methods|Invoices|Billing details|Change plan|Cancel subscription/);
    for (const path of ['/p/payment-methods', '/p/invoices', '/p/details', `/p/subscriptions/${f.subscription.id}/cancel`, `/p/subscriptions/${f.subscription.id}/update`]) {
      assert.equal((await v.get(path)).status, 404, path);
    }
  });
});
