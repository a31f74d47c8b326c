import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { documentedExtensions, formatDifference, validate } from '../support/conformance.ts';
import { startSdkServer, type SdkServer } from '../support/sdk.ts';

const fixture = fileURLToPath(new URL('../support/conformance-failing.fixture.ts', import.meta.url));

/** The one difference `body` has, as the failure message names it. */
function only(body: unknown): string {
  const differences = validate(body);
  assert.equal(differences.length, 1, differences.map(formatDifference).join('\n'));
  return formatDifference(differences[0]!);
}

const clone = <T>(value: T): T => structuredClone(value);

describe('the conformance check of responses against the stripe package’s declared shapes', () => {
  let sdk: SdkServer;
  let subscription: any;
  let event: any;
  let raw: (path: string, init?: RequestInit) => Promise<any>;

  before(async () => {
    sdk = await startSdkServer('sqlite');
    raw = async (path, init = {}) => {
      const res = await fetch(`http://127.0.0.1:${sdk.port}${path}`, { ...init, headers: { authorization: `Bearer ${sdk.api.keys.test}` } });
      return res.json();
    };
    const { stripe } = sdk;
    const customer = await stripe.customers.create({ email: 'jenny@example.com' });
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const created = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: card.id });
    subscription = await raw(`/v1/subscriptions/${created.id}?expand[]=customer&expand[]=latest_invoice`);
    event = (await raw('/v1/events?type=customer.subscription.created')).data[0];
  });
  after(() => sdk.close());

  it('finds nothing to say about a real subscription, its event, a list, a deleted object and an error', async () => {
    assert.deepEqual(validate(subscription).map(formatDifference), []);
    assert.deepEqual(validate(event).map(formatDifference), []);
    assert.deepEqual(validate(await raw('/v1/subscriptions?limit=2')).map(formatDifference), []);
    const customer = await sdk.stripe.customers.create({ name: 'Gone' });
    assert.deepEqual(validate(await raw(`/v1/customers/${customer.id}`, { method: 'DELETE' })).map(formatDifference), []);
    assert.deepEqual(validate(await raw('/v1/customers/cus_missing')).map(formatDifference), []);
  });

  it('names a field removed', () => {
    const body = clone(subscription);
    delete body.cancel_at_period_end;
    assert.equal(only(body), 'subscription.cancel_at_period_end: expected boolean, got missing');
    const nested = clone(subscription);
    delete nested.items.data[0].current_period_end;
    assert.equal(only(nested), 'subscription_item.current_period_end (at items.data[0]): expected number, got missing');
  });

  it('names a type changed', () => {
    const body = clone(subscription);
    body.created = String(body.created);
    assert.match(only(body), /^subscription\.created: expected number, got "\d+"$/);
    const expanded = clone(subscription);
    expanded.customer.balance = '0';
    assert.equal(only(expanded), 'customer.balance (at customer): expected number, got "0"');
  });

  it('names an enum value changed', () => {
    const body = clone(subscription);
    body.status = 'activated';
    assert.match(only(body), /^subscription\.status: expected "active" \| .*"trialing".*, got "activated"$/);
  });

  it('names a null where a value is required', () => {
    const body = clone(subscription);
    body.livemode = null;
    assert.equal(only(body), 'subscription.livemode: expected boolean, got null');
    const line = clone(subscription);
    line.latest_invoice.lines.data[0].amount = null;
    assert.equal(only(line), 'line_item.amount (at latest_invoice.lines.data[0]): expected number, got null');
  });

  it('names a field Stripe does not declare, unless docs/api.md lists it as an extension', () => {
    const body = clone(subscription);
    body.nickname = 'Pro plan';
    assert.match(only(body), /^subscription\.nickname: expected no such field .*, got "Pro plan"$/);
    const documented = documentedExtensions();
    assert.ok(documented.some((e) => e.object === 'subscription' && e.field === 'scheduled_change' && e.why.length > 0));
    assert.ok('scheduled_change' in subscription);
  });

  it('checks an event’s data.object as the object its type names, and an error envelope as Stripe’s', () => {
    const body = clone(event);
    body.data.object.status = 'activated';
    assert.match(only(body), /^subscription\.status \(at data\.object\): expected "active".*, got "activated"$/);
    const renamed = clone(event);
    renamed.type = 'customer.subscription.renewed';
    assert.match(only(renamed), /^event\.type: expected "account\.application\.authorized" \| .*, got "customer\.subscription\.renewed"$/);
    assert.equal(only({ error: { type: 'invalid_request_error' } }), 'error.error.message: expected string, got missing');
    assert.match(only({ error: { type: 'user_error', message: 'No.' } }), /^error\.error\.type: expected .*"invalid_request_error".*, got "user_error"$/);
  });

  it('fails a test run whose SDK server or webhook receiver got a body that differs, naming each difference', () => {
    // A run of its own, not a child reporting to this one (NODE_TEST_CONTEXT).
    const { NODE_TEST_CONTEXT: _child, ...env } = process.env;
    for (const mode of ['each', 'close', 'receiver']) {
      const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--test', fixture], {
        env: { ...env, CONFORMANCE_FIXTURE: mode },
        encoding: 'utf8',
      });
      assert.equal(run.status, 1, `${mode}: ${run.stdout}`);
      assert.match(run.stdout, /customer\.balance( \(at data\.object\))?: expected number, got missing/, mode);
      assert.match(run.stdout, /customer\.email( \(at data\.object\))?: expected null \| string, got 42/, mode);
    }
  });
});

