import { notSupportedError } from './params.ts';

// Parameters Stripe's SDK declares for endpoints Bursar serves, which Bursar does not honour:
// each is refused with a 400 that names it and says why, never silently ignored. docs/api.md
// lists them (with those a module's schema refuses itself, params.ts `notSupported`), and
// test/api/sdk-params.test.ts checks every declared parameter is accepted or listed there.

export const CONNECT = 'Bursar has no connected accounts (Connect).';
export const ACCOUNTS = 'Bursar has no Accounts v2: pass customer.';
const SOURCES = 'Bursar has payment methods only, not the legacy Sources API.';
const STRIPE_TAX = 'Bursar bills tax rates (tax_rates, default_tax_rates), not Stripe Tax.';
const CARDS_ONLY = 'Bursar collects cards only.';
const CURRENCY_OPTIONS = 'prices and coupons have one currency each.';
const METERED = 'metered and usage-based billing is not available.';
const TIERS = 'tiered pricing is not available.';
const DECIMAL_QUANTITIES = 'quantities are whole numbers.';
const PRICE_BY_ID = 'create the price with POST /v1/prices and pass its id.';
const SHIPPING = 'Bursar does not ship goods: no shipping rates or addresses on invoices.';
const PUBLISHABLE = 'Bursar has no publishable keys: retrieve with a secret key.';
const CLIENT_SIDE = 'it serves Stripe.js and client-side confirmation, which Bursar does not.';
const MANDATES = 'Bursar collects cards only, without mandates.';
const PAUSE = 'pausing a subscription is not available; pause_collection pauses its invoices.';

const PAYMENT_METHOD_TYPES = [
  'acss_debit', 'affirm', 'afterpay_clearpay', 'alipay', 'alma', 'amazon_pay', 'au_becs_debit', 'bacs_debit', 'bancontact', 'billie',
  'bizum', 'blik', 'boleto', 'cashapp', 'crypto', 'custom', 'customer_balance', 'eps', 'fpx', 'giropay', 'grabpay', 'ideal',
  'interac_present', 'kakao_pay', 'klarna', 'konbini', 'kr_card', 'link', 'mb_way', 'mobilepay', 'multibanco', 'naver_pay',
  'nz_bank_account', 'oxxo', 'p24', 'pay_by_bank', 'payco', 'paynow', 'paypal', 'paypay', 'payto', 'pix', 'promptpay', 'revolut_pay',
  'samsung_pay', 'satispay', 'scalapay', 'sepa_debit', 'sequra', 'sofort', 'sunbit', 'swish', 'twint', 'upi', 'us_bank_account',
  'wechat_pay', 'zip',
];

const customerWrite = {
  business_name: 'a customer has one name (name).',
  individual_name: 'a customer has one name (name).',
  cash_balance: 'customer cash balances (bank transfers) are not kept: balance is the credit balance.',
  'invoice_settings[rendering_options]': 'invoices render one way (the hosted page and its PDF).',
  next_invoice_sequence: 'invoice numbers follow one sequence per project.',
  source: SOURCES,
  validate: SOURCES,
  tax: STRIPE_TAX,
};

const invoiceWrite = {
  account_tax_ids: 'the merchant\u2019s tax IDs are not kept.',
  application_fee_amount: CONNECT,
  automatic_tax: STRIPE_TAX,
  automatically_finalizes_at: 'a draft is finalized an hour after it is created, or by POST /v1/invoices/:id/finalize.',
  default_source: SOURCES,
  effective_at: 'an invoice is effective when it is finalized.',
  issuer: CONNECT,
  number: 'invoice numbers are given when an invoice is finalized.',
  on_behalf_of: CONNECT,
  payment_settings: 'invoices are paid with the customer\u2019s card or their default payment method.',
  rendering: 'invoices render one way (the hosted page and its PDF).',
  shipping_cost: SHIPPING,
  shipping_details: SHIPPING,
  statement_descriptor: 'the statement descriptor is the processor account\u2019s.',
  transfer_data: CONNECT,
};

const invoiceItemWrite = {
  discounts: 'discounts apply to the whole invoice or subscription.',
  price_data: PRICE_BY_ID,
  quantity_decimal: DECIMAL_QUANTITIES,
  tax_behavior: STRIPE_TAX,
  tax_code: STRIPE_TAX,
  unit_amount_decimal: 'give unit_amount in whole minor units.',
};

const subscriptionWrite = {
  add_invoice_items: 'create invoice items for the customer first (POST /v1/invoiceitems): the next invoice takes them.',
  application_fee_percent: CONNECT,
  automatic_tax: STRIPE_TAX,
  billing_schedules: 'a subscription bills on one schedule, its billing cycle.',
  billing_thresholds: METERED,
  default_source: SOURCES,
  invoice_settings: 'a subscription\u2019s invoices take the customer\u2019s invoice settings.',
  'items[billing_thresholds]': METERED,
  'items[current_trial]': 'trial offers are not available; use trial_end on the subscription.',
  'items[discounts]': 'discounts apply to the whole subscription (discounts[]).',
  on_behalf_of: CONNECT,
  pending_invoice_item_interval: 'pending invoice items are billed with the next invoice of the subscription.',
  transfer_data: CONNECT,
};

const creditNoteParams = {
  email_type: 'Bursar does not email credit notes yet.',
  'lines[tax_amounts]': 'a credit note line\u2019s tax is computed from its invoice line\u2019s tax rates.',
  'lines[tax_rates]': 'a credit note line\u2019s tax is computed from its invoice line\u2019s tax rates.',
  'lines[unit_amount_decimal]': 'give unit_amount in whole minor units.',
  'refunds[payment_record_refund]': 'payment records (payments made outside Stripe) are not kept.',
  shipping_cost: SHIPPING,
};

const setupIntentWrite = {
  allowed_payment_method_types: CARDS_ONLY,
  attach_to_self: CONNECT,
  customer_account: ACCOUNTS,
  excluded_payment_method_types: CARDS_ONLY,
  flow_directions: 'a setup saves a card to charge the customer.',
  payment_method_configuration: CARDS_ONLY,
  payment_method_data: 'attach a card first and pass payment_method.',
  payment_method_options: CARDS_ONLY,
};

const confirmSetup = {
  confirmation_token: CLIENT_SIDE,
  mandate_data: MANDATES,
  use_stripe_sdk: CLIENT_SIDE,
};

/** Route (`POST /v1/customers`) → parameter (`tax`, `invoice_settings[rendering_options]`, `items[price_data]` for each item) → why. */
export const notSupportedParams: Record<string, Record<string, string>> = {
  'POST /v1/customers': customerWrite,
  'POST /v1/customers/:id': { ...customerWrite, default_source: SOURCES },
  'POST /v1/payment_methods': {
    ...Object.fromEntries(PAYMENT_METHOD_TYPES.map((type) => [type, CARDS_ONLY])),
    'billing_details[tax_id]': 'tax IDs belong to the customer (POST /v1/customers/:id/tax_ids).',
    'card[networks]': 'the card network is chosen by the card.',
    'card[token]': 'Bursar has no tokens: give card[number] (test mode) or a pm_card_… id.',
    customer: CONNECT,
    payment_method: CONNECT,
    radar_options: 'Bursar has no Radar.',
  },
  'POST /v1/payment_methods/:id': {
    'billing_details[tax_id]': 'tax IDs belong to the customer (POST /v1/customers/:id/tax_ids).',
    'card[networks]': 'the card network is chosen by the card.',
    us_bank_account: CARDS_ONLY,
  },
  'POST /v1/payment_methods/:id/attach': { customer_account: ACCOUNTS },
  'GET /v1/payment_methods': { allow_redisplay: 'redisplay consent is not kept.', customer_account: ACCOUNTS },
  'GET /v1/customers/:customer/payment_methods': { allow_redisplay: 'redisplay consent is not kept.' },
  'POST /v1/products': {
    'default_price_data[currency_options]': CURRENCY_OPTIONS,
    'default_price_data[custom_unit_amount]': 'customer-chosen amounts (pay what you want) are not available.',
    tax_details: 'set tax_code instead.',
  },
  'POST /v1/products/:id': { tax_details: 'set tax_code instead.' },
  'POST /v1/prices': {
    currency_options: CURRENCY_OPTIONS,
    custom_unit_amount: 'customer-chosen amounts (pay what you want) are not available.',
    'product_data[tax_details]': 'set tax_code instead.',
    'recurring[meter]': METERED,
    tiers: TIERS,
    tiers_mode: TIERS,
    transform_quantity: 'quantities are billed as they are.',
  },
  'POST /v1/prices/:id': { currency_options: CURRENCY_OPTIONS },
  'GET /v1/prices': { 'recurring[meter]': METERED, 'recurring[usage_type]': METERED },
  'POST /v1/coupons': { currency_options: CURRENCY_OPTIONS },
  'POST /v1/coupons/:id': { currency_options: CURRENCY_OPTIONS },
  'POST /v1/promotion_codes': { customer_account: ACCOUNTS },
  'GET /v1/promotion_codes': { customer_account: ACCOUNTS },
  'POST /v1/test_helpers/test_clocks': { customer: 'attach a customer to the clock by creating it with test_clock.' },
  'POST /v1/invoiceitems': { ...invoiceItemWrite, customer_account: ACCOUNTS, subscription: 'an invoice item is billed with the customer\u2019s next invoice.' },
  'POST /v1/invoiceitems/:id': { ...invoiceItemWrite, invoicing_rules: 'an invoice item is billed with the customer\u2019s next invoice.' },
  'GET /v1/invoiceitems': { customer_account: ACCOUNTS },
  'POST /v1/invoices': {
    ...invoiceWrite,
    customer_account: ACCOUNTS,
    from_invoice: 'revisions of finalized invoices are not available: void it and create another.',
    subscription: 'a subscription makes its own invoices.',
  },
  'POST /v1/invoices/:id': invoiceWrite,
  'POST /v1/invoices/create_preview': {
    'automatic_tax[liability]': CONNECT,
    currency: 'a preview takes the currency of its items.',
    customer_account: ACCOUNTS,
    invoice_items: 'create the invoice items first: the preview shows the customer\u2019s pending items.',
    issuer: CONNECT,
    on_behalf_of: CONNECT,
    preview_mode: 'a preview shows the next invoice.',
    schedule: 'previews of subscription schedules are not available.',
    schedule_details: 'previews of subscription schedules are not available.',
    'subscription_details[billing_mode]': 'Bursar has one billing mode (flexible).',
    'subscription_details[billing_schedules]': 'a subscription bills on one schedule, its billing cycle.',
    'subscription_details[cancel_at]': 'previews of a cancellation are not available.',
    'subscription_details[cancel_now]': 'previews of a cancellation are not available.',
    'subscription_details[metadata]': 'metadata does not change an invoice.',
    'subscription_details[pause]': PAUSE,
    'subscription_details[resume_at]': 'previews of a resumption are not available.',
  },
  'GET /v1/invoices': { customer_account: ACCOUNTS, due_date: 'filter by status and created instead.' },
  'POST /v1/invoices/:id/pay': { forgive: 'a card is charged the whole amount due, or not at all.', mandate: MANDATES, source: SOURCES },
  'POST /v1/credit_notes': creditNoteParams,
  'GET /v1/credit_notes/preview': creditNoteParams,
  'GET /v1/credit_notes/preview/lines': creditNoteParams,
  'GET /v1/credit_notes': { customer_account: ACCOUNTS },
  'GET /v1/payment_intents/:id': { client_secret: PUBLISHABLE },
  'GET /v1/payment_intents': { created: 'filter by customer; the list is newest first.', customer_account: ACCOUNTS },
  'POST /v1/payment_intents/:id/confirm': {
    allowed_payment_method_types: CARDS_ONLY,
    amount_details: 'the amount is the invoice\u2019s.',
    amount_to_confirm: 'the amount is the invoice\u2019s.',
    capture_method: 'payments are captured at once.',
    confirmation_token: CLIENT_SIDE,
    error_on_requires_action: 'a payment that needs authentication answers requires_action.',
    excluded_payment_method_types: CARDS_ONLY,
    hooks: 'Bursar has no payment hooks.',
    mandate: MANDATES,
    mandate_data: MANDATES,
    payment_details: 'the payment details are the invoice\u2019s.',
    payment_method_data: 'attach a card first and pass payment_method.',
    payment_method_options: CARDS_ONLY,
    radar_options: 'Bursar has no Radar.',
    receipt_email: 'Bursar sends no payment receipts.',
    setup_future_usage: 'the card is kept as the customer\u2019s payment method.',
    shipping: SHIPPING,
    use_stripe_sdk: CLIENT_SIDE,
  },
  'GET /v1/invoice_payments': {
    created: 'list an invoice\u2019s payments by invoice.',
    payment: 'list an invoice\u2019s payments by invoice.',
    status: 'list an invoice\u2019s payments by invoice.',
  },
  'POST /v1/refunds': {
    currency: 'a refund is in its charge\u2019s currency.',
    customer: 'refund a charge or payment intent.',
    instructions_email: 'refunds go back to the card.',
    origin: 'refunds go back to the card.',
    refund_application_fee: CONNECT,
    reverse_transfer: CONNECT,
  },
  'POST /v1/setup_intents': {
    ...setupIntentWrite,
    ...confirmSetup,
    automatic_payment_methods: CARDS_ONLY,
    on_behalf_of: CONNECT,
    single_use: 'a setup saves a card for later payments (usage).',
  },
  'GET /v1/setup_intents/:id': { client_secret: PUBLISHABLE },
  'POST /v1/setup_intents/:id': setupIntentWrite,
  'POST /v1/setup_intents/:id/confirm': {
    ...confirmSetup,
    allowed_payment_method_types: CARDS_ONLY,
    payment_method_data: 'attach a card first and pass payment_method.',
    payment_method_options: CARDS_ONLY,
  },
  'GET /v1/setup_intents': { attach_to_self: CONNECT, created: 'filter by customer or payment_method.', customer_account: ACCOUNTS },
  'POST /v1/subscriptions': {
    ...subscriptionWrite,
    backdate_start_date: 'a subscription starts when it is created.',
    billing_cycle_anchor_config: 'give billing_cycle_anchor as a time.',
    billing_mode: 'Bursar has one billing mode (flexible).',
    currency: 'a subscription takes the currency of its prices.',
    customer_account: ACCOUNTS,
  },
  'POST /v1/subscriptions/:id': {
    ...subscriptionWrite,
    billing_cycle_anchor: 'a subscription keeps its billing cycle; resuming can reset it (billing_cycle_anchor=now).',
    'cancellation_details[feedback_option]': 'feedback options of Stripe\u2019s retention flows are not available.',
    trial_end: 'a trial is set when a subscription is created.',
    trial_from_plan: 'a trial is set when a subscription is created.',
  },
  'DELETE /v1/subscriptions/:id': { 'cancellation_details[feedback_option]': 'feedback options of Stripe\u2019s retention flows are not available.' },
  'GET /v1/subscriptions': {
    automatic_tax: STRIPE_TAX,
    current_period_end: 'filter by created or status.',
    current_period_start: 'filter by created or status.',
    customer_account: ACCOUNTS,
    test_clock: 'filter by customer: a test clock\u2019s subscriptions are its customers\u2019.',
  },
  'POST /v1/billing_portal/configurations': { 'features[subscription_pause]': PAUSE },
  'POST /v1/billing_portal/configurations/:id': { 'features[subscription_pause]': PAUSE },
  'POST /v1/billing_portal/sessions': {
    after_expiration: 'a portal session ends when it expires.',
    customer_account: ACCOUNTS,
    'flow_data[subscription_pause]': PAUSE,
  },
  'POST /v1/webhook_endpoints': { connect: CONNECT },
};

const isHash = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Refuses, naming it, the first parameter of `params` that `route` (`POST /v1/customers`) does
 * not support: a top-level one (`tax`), or a key of a hash (`invoice_settings[rendering_options]`)
 * or of each hash of a list (`items[price_data]`, named `items[0][price_data]`).
 */
export function refuseNotSupported(route: string, params: Record<string, unknown>): void {
  const refused = notSupportedParams[route];
  if (!refused) return;
  for (const [name, why] of Object.entries(refused)) {
    const at = name.indexOf('[');
    if (at < 0) {
      if (Object.hasOwn(params, name)) throw notSupportedError(name, why);
      continue;
    }
    const [parent, key] = [name.slice(0, at), name.slice(at + 1, -1)];
    const value = params[parent];
    if (isHash(value) && Object.hasOwn(value, key)) throw notSupportedError(name, why);
    if (Array.isArray(value)) {
      const index = value.findIndex((item) => isHash(item) && Object.hasOwn(item, key));
      if (index >= 0) throw notSupportedError(`${parent}[${index}][${key}]`, why);
    }
  }
}
