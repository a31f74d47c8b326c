import { it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSdkError, startSdkServer } from '../support/sdk.ts';
import { describeEachEngine } from '../support/suite.ts';

describeEachEngine('customer portal through the stripe SDK', startSdkServer, (sdk) => {
  it('creates a session on the default configuration, with a one-time link and expand[]=configuration', async () => {
    const { stripe, api } = sdk();
    const customer = await stripe.customers.create({ email: 'portal@example.com' });
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://app.example.com/account', expand: ['configuration'] });
    assert.match(session.id, /^bps_[0-9A-Za-z]{24}$/);
    assert.equal(session.object, 'billing_portal.session');
    assert.equal(session.customer, customer.id);
    assert.equal(session.return_url, 'https://app.example.com/account');
    assert.equal(session.livemode, false);
    assert.equal(session.flow, null);
    assert.equal(session.locale, null);
    // The link points at the server that made it, and opens the portal there.
    assert.match(session.url, new RegExp(`^http://127\\.0\\.0\\.1:${sdk().port}/p/session/[A-Za-z0-9_-]{43}$`));
    const opened = await fetch(session.url, { redirect: 'manual' });
    assert.equal(opened.status, 303);
    assert.match(opened.headers.get('set-cookie') ?? '', /bursar_portal=/);
    assert.equal((session as any).expires_at, session.created + 3600);
    const config = session.configuration as any;
    assert.equal(config.object, 'billing_portal.configuration');
    assert.equal(config.is_default, true);
    assert.equal(config.features.invoice_history.enabled, true);
    assert.deepEqual(config.features.subscription_cancel.cancellation_reason.options.length, 8);

    const again = await stripe.billingPortal.sessions.create({ customer: customer.id });
    assert.equal(again.configuration, config.id, 'one default configuration per project and mode');
    assert.notEqual(again.url, session.url);
    const events = await stripe.events.list({ type: 'billing_portal.session.created' });
    const created = events.data.find((e) => (e.data.object as any).id === session.id)!;
    assert.equal((created.data.object as any).url, null, 'the stored event keeps no link token');
    assert.equal(api.clock.now(), session.created);
  });

  it('creates, retrieves, updates and lists configurations with branding and embedding', async () => {
    const { stripe } = sdk();
    const product = await stripe.products.create({ name: 'Pro' });
    const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } });
    const created = await stripe.billingPortal.configurations.create({
      business_profile: { headline: 'Acme billing', privacy_policy_url: 'https://acme.test/privacy' },
      default_return_url: 'https://acme.test/account',
      features: {
        invoice_history: { enabled: true },
        subscription_cancel: { enabled: true, mode: 'immediately', proration_behavior: 'create_prorations', cancellation_reason: { enabled: true, options: ['too_expensive', 'unused'] } },
        subscription_update: { enabled: true, default_allowed_updates: ['price', 'quantity'], products: [{ product: product.id, prices: [monthly.id] }], proration_behavior: 'always_invoice' },
      },
      metadata: { team: 'billing' },
      branding: { business_name: 'Acme', accent_color: '#635BFF', logo_url: 'https://acme.test/logo.png' },
      embedding: { allowed_origins: ['https://app.acme.test'] },
    } as any);
    assert.match(created.id, /^bpc_/);
    assert.equal(created.is_default, false);
    assert.equal(created.active, true);
    assert.equal(created.business_profile.headline, 'Acme billing');
    assert.equal(created.business_profile.terms_of_service_url, null);
    assert.deepEqual(created.features.customer_update, { enabled: false, allowed_updates: [] });
    assert.deepEqual(created.features.subscription_cancel.cancellation_reason.options, ['too_expensive', 'unused']);
    assert.deepEqual(created.features.subscription_update.products, [{ product: product.id, prices: [monthly.id], adjustable_quantity: { enabled: false, maximum: null, minimum: 1 } }]);
    assert.deepEqual((created as any).branding, { business_name: 'Acme', logo_url: 'https://acme.test/logo.png', accent_color: '#635bff' });
    assert.deepEqual((created as any).embedding, { allowed_origins: ['https://app.acme.test'] });
    assert.deepEqual(created.login_page, { enabled: false, url: null });

    assert.deepEqual(await stripe.billingPortal.configurations.retrieve(created.id), created);
    const updated = await stripe.billingPortal.configurations.update(created.id, {
      features: { customer_update: { enabled: true, allowed_updates: ['email', 'address'] } },
      business_profile: { headline: '' },
    });
    assert.deepEqual(updated.features.customer_update, { enabled: true, allowed_updates: ['email', 'address'] });
    assert.equal(updated.business_profile.headline, null);
    assert.equal(updated.business_profile.privacy_policy_url, 'https://acme.test/privacy');
    assert.deepEqual(updated.features.subscription_update, created.features.subscription_update, 'features not given stay as they were');

    const defaults = await stripe.billingPortal.configurations.list({ is_default: true });
    assert.equal(defaults.data.length, 1);
    assert.equal(defaults.data[0].is_default, true);
    const all = await stripe.billingPortal.configurations.list({ limit: 100 });
    assert.ok(all.data.some((c) => c.id === created.id));

    const types = (await stripe.events.list({ type: 'billing_portal.configuration.*', limit: 100 })).data
      .filter((e) => (e.data.object as any).id === created.id)
      .map((e) => e.type);
    assert.deepEqual(types, ['billing_portal.configuration.updated', 'billing_portal.configuration.created']);

    const session = await stripe.billingPortal.sessions.create({ customer: (await stripe.customers.create({})).id, configuration: created.id });
    assert.equal(session.return_url, 'https://acme.test/account', 'the configuration gives the return URL');
  });

  it('refuses bad input naming the parameter', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({});
    await assertSdkError(stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'javascript:alert(1)' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: 'Invalid URL: javascript:alert(1). It must be an absolute http:// or https:// URL.',
      code: 'url_invalid',
      param: 'return_url',
    });
    await assertSdkError(stripe.billingPortal.sessions.create({ customer: 'cus_nope' }), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      message: "No such customer: 'cus_nope'",
      code: 'resource_missing',
      param: 'customer',
    });
    await assertSdkError(stripe.billingPortal.sessions.create({ customer: customer.id, flow_data: { type: 'subscription_cancel' } }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: 'Missing required param: flow_data[subscription_cancel].',
      code: 'parameter_missing',
      param: 'flow_data[subscription_cancel]',
    });
    await assertSdkError(stripe.billingPortal.configurations.create({ features: { subscription_update: { enabled: true, products: [{ product: 'prod_missing', prices: ['price_x'] }] } } }), {
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      message: "No such product: 'prod_missing'",
      code: 'resource_missing',
      param: 'features[subscription_update][products][0][product]',
    });
    const [def] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
    await assertSdkError(stripe.billingPortal.configurations.update(def.id, { active: false }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: 'The default configuration cannot be deactivated.',
      code: undefined,
      param: 'active',
    });
  });

  it('takes a flow: a subscription_cancel with a retention coupon, ending in a hosted confirmation', async () => {
    const { stripe } = sdk();
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: undefined } } as any);
    const pm = (await stripe.paymentMethods.list({ customer: customer.id })).data[0];
    const price = await stripe.prices.create({ product_data: { name: 'Basic' }, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: pm.id });
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once' });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      locale: 'de',
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: sub.id, retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } } },
        after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Sorry to see you go' } },
      },
    });
    assert.equal(session.locale, 'de');
    assert.deepEqual(session.flow, {
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Sorry to see you go' }, redirect: null },
      customer_update: null,
      subscription_cancel: { subscription: sub.id, retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } } },
      subscription_pause: null,
      subscription_update: null,
      subscription_update_confirm: null,
      type: 'subscription_cancel',
    });
    const other = await stripe.customers.create({});
    await assertSdkError(stripe.billingPortal.sessions.create({ customer: other.id, flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: sub.id } } }), {
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: `Subscription ${sub.id} does not belong to customer ${other.id}.`,
      code: undefined,
      param: 'flow_data[subscription_cancel][subscription]',
    });
  });
});
