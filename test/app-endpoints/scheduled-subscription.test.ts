import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../support/suite.ts';
import { startAppEndpoints } from '../support/app-endpoints.ts';

describeEachEngine('app endpoint companions on a subscription a schedule manages', startAppEndpoints, (server) => {
  it('neither cancels nor changes its plan: 400 in the contract\'s envelope, saying why, nothing written', async () => {
    const s = server();
    await s.enable('bearer-data-change-plan');
    await s.enable('bearer-data-cancel');
    const headers = { Authorization: `Bearer ${await s.token({ sub: 'user_ada' })}`, 'Content-Type': 'application/json' };
    const sub = (await s.stripe.subscriptions.list({ customer: s.customers.ada.id })).data[0];
    const schedule = await s.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const events = async () => (await s.stripe.events.list({ type: 'customer.subscription.updated', limit: 100 })).data.length;
    const before = await events();
    const refused = { success: false, error: { code: 'VALIDATION_ERROR', message: `Subscription ${sub.id} follows a schedule that says how it changes and ends: it cannot be changed or canceled here.` } };
    const canceled = await s.send('http://x/api/billing/subscription/cancel', { method: 'POST', headers });
    assert.deepEqual([canceled.status, canceled.body], [400, refused]);
    const changed = await s.send('http://x/api/billing/subscription/plan', { method: 'POST', headers, body: JSON.stringify({ priceId: s.prices.bigger.id }) });
    assert.deepEqual([changed.status, changed.body], [400, refused]);
    const after = await s.stripe.subscriptions.retrieve(sub.id);
    assert.deepEqual([after.cancel_at_period_end, after.items.data[0].price.id, after.schedule], [false, sub.items.data[0].price.id, schedule.id]);
    assert.equal(await events(), before);

    // Released, the subscription is the customer's to cancel again.
    await s.stripe.subscriptionSchedules.release(schedule.id);
    const released = await s.send('http://x/api/billing/subscription/cancel', { method: 'POST', headers });
    assert.equal(released.status, 200, JSON.stringify(released.body));
    assert.equal(released.body.data.subscription.cancelAtPeriodEnd, true);
  });
});
