import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApi, type TestApi } from '../../test/support/api.ts';
import { describeEachEngine } from '../../test/support/suite.ts';
import { apiPost, openPortal, portalFixture, textOf, type PortalFixture } from '../../test/support/portal.ts';

/** 2026-03-01, a month after the fixture's first period ends (2026-02-01). */
const MARCH_1 = 1_772_323_200;

/** Puts the fixture's subscription under a schedule: `phases` after the current one, ending as `endBehavior` says. */
async function scheduled(api: TestApi, f: PortalFixture, next: Record<string, unknown>[], endBehavior: 'cancel' | 'release') {
  const schedule = await apiPost(api, '/v1/subscription_schedules', { from_subscription: f.subscription.id });
  const current = { items: [{ price: f.prices.monthly.id }], start_date: schedule.phases[0].start_date, end_date: f.subscription.current_period_end };
  return apiPost(api, `/v1/subscription_schedules/${schedule.id}`, { phases: [current, ...next], end_behavior: endBehavior });
}

const updatedEvents = async (api: TestApi) => (await api.call('GET', '/v1/events', { params: { type: 'customer.subscription.updated', limit: 100 } })).body.data.length;

describeEachEngine('portal on a subscription a schedule manages', createTestApi, (get) => {
  it('shows the next phase instead of offering a plan change or cancel, and every action link or form ends on a page saying why', async () => {
    const api = get();
    const f = await portalFixture(api, 'Grace Hopper');
    await apiPost(api, `/v1/billing_portal/configurations/${f.configuration.id}`, { features: { subscription_cancel: { enabled: 'true', mode: 'at_period_end' } } });
    await scheduled(api, f, [{ items: [{ price: f.prices.bigger.id, quantity: 2 }], end_date: MARCH_1 }], 'release');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, return_url: 'https://app.example.com/billing' });
    const overview = textOf((await v.get('/p')).html);
    assert.doesNotMatch(overview, /Next invoice/, 'what the renewal bills is the next phase, which the preview does not show');
    assert.match(overview, /Scheduled change Pro – \$49\.00 per month × 2 from Feb 1, 2026/);
    assert.match(overview, /This subscription follows a plan agreed with Acme\. To change or cancel it, contact Acme\./);
    assert.doesNotMatch(overview, /Change plan|Cancel subscription|Keep current plan|Renew subscription/);

    const before = await updatedEvents(api);
    const sub = f.subscription.id;
    for (const page of [await v.get(`/p/subscriptions/${sub}/cancel`), await v.get(`/p/subscriptions/${sub}/update`), await v.get(`/p/subscriptions/${sub}/update/confirm?item=${f.subscription.items.data[0].id}&price=${f.prices.bigger.id}`)]) {
      assert.equal(page.status, 409);
      assert.match(textOf(page.html), /This subscription follows a set plan .* so it cannot be changed or canceled here\. To change it, contact .* Back/);
      assert.match(page.html, /<nav aria-label="Billing">/, 'the portal page, with its menu and branding');
    }
    for (const [path, form] of [[`/p/subscriptions/${sub}/cancel`, { reason: 'too_expensive' }], [`/p/subscriptions/${sub}/renew`, {}], [`/p/subscriptions/${sub}/update`, { item: f.subscription.items.data[0].id, price: f.prices.bigger.id, quantity: '1' }]] as const) {
      const page = await v.post(path, form);
      assert.equal(page.status, 409, path);
      assert.match(textOf(page.html), /This subscription follows a set plan/);
    }
    const after = (await api.call('GET', `/v1/subscriptions/${sub}`)).body;
    assert.equal(after.cancel_at_period_end, false);
    assert.equal(after.items.data[0].price.id, f.prices.monthly.id);
    assert.equal(await updatedEvents(api), before, 'nothing written');
  });

  it('says when a schedule ends the subscription, in the customer language, right to left in Arabic', async () => {
    const api = get();
    const f = await portalFixture(api, 'Ada Lovelace');
    await scheduled(api, f, [], 'cancel');
    const { visitor: v } = await openPortal(api, { customer: f.customer.id, locale: 'en' });
    const overview = textOf((await v.get('/p')).html);
    assert.match(overview, /Ends on Feb 1, 2026/);
    assert.doesNotMatch(overview, /Cancels on|Renew subscription|Cancel subscription/, 'the cancel_at the schedule set is its end, not a cancel to undo');

    const { visitor: ar } = await openPortal(api, { customer: f.customer.id, locale: 'ar' });
    const page = await ar.get('/p');
    assert.match(page.html, /<html lang="ar" dir="rtl">/);
    assert.match(textOf(page.html), /ينتهي في/);
    assert.match(textOf(page.html), /يسير هذا الاشتراك وفق خطة متفق عليها مع/);
    const refused = await ar.get(`/p/subscriptions/${f.subscription.id}/cancel`);
    assert.equal(refused.status, 409);
    assert.match(textOf(refused.html), /يسير هذا الاشتراك وفق خطة محددة/);
  });

  it('a session flow that deep-links to cancelling it lands on the same page', async () => {
    const api = get();
    const f = await portalFixture(api, 'Alan Turing');
    await apiPost(api, `/v1/billing_portal/configurations/${f.configuration.id}`, { features: { subscription_cancel: { enabled: 'true' } } });
    await scheduled(api, f, [], 'release');
    const { visitor: v, landing } = await openPortal(api, { customer: f.customer.id, return_url: 'https://app.example.com', flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: f.subscription.id } } });
    assert.equal(landing, `/p/subscriptions/${f.subscription.id}/cancel`);
    const page = await v.get(landing);
    assert.equal(page.status, 409);
    assert.match(textOf(page.html), /This subscription follows a set plan/);
  });
});
