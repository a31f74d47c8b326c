import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

const JAN_1_2027 = 1_798_761_600;

describeEachEngine('test clocks through the stripe SDK', startSdkServer, (sdk) => {
  it('creates, advances, retrieves, lists and deletes a clock with a customer on it', async () => {
    const { stripe } = sdk();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027, name: 'SDK clock' });
    assert.equal(clock.object, 'test_helpers.test_clock');
    assert.equal(clock.status, 'ready');
    const customer = await stripe.customers.create({ email: 'clocked@example.com', test_clock: clock.id });
    assert.equal(customer.test_clock, clock.id);

    const advanced = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1_2027 + 86_400 });
    assert.equal(advanced.frozen_time, JAN_1_2027 + 86_400);
    const retrieved = await stripe.testHelpers.testClocks.retrieve(clock.id);
    assert.equal(retrieved.status, 'ready');
    const listed = await stripe.testHelpers.testClocks.list({ limit: 100 });
    assert.ok(listed.data.some((c) => c.id === clock.id));

    await assertSdkError(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1_2027 }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'frozen_time',
      message: /must be after the clock's current frozen_time/,
    });

    const deleted = await stripe.testHelpers.testClocks.del(clock.id);
    assert.equal(deleted.deleted, true);
    const gone = await stripe.customers.retrieve(customer.id);
    assert.equal(gone.deleted, true);
  });
});
