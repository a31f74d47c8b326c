import type { Route } from './route.ts';
import { notSupported } from './params.ts';

const CARDS = 'Bursar collects cards only.';
const CONNECT = 'Connect: Bursar has no connected accounts.';
const STRIPE_TAX = 'Stripe Tax: Bursar bills tax rates.';
const NOT_YET = 'Bursar does not honour it yet.';

/** Why a parameter is refused, by its name; one not here is one Bursar does not honour yet. */
const WHY: Record<string, string> = {
  customer_account: 'Accounts v2: pass customer.',
  on_behalf_of: CONNECT,
  transfer_data: CONNECT,
  application_fee_amount: CONNECT,
  application_fee_percent: CONNECT,
  reverse_transfer: CONNECT,
  refund_application_fee: CONNECT,
  connect: CONNECT,
  automatic_tax: STRIPE_TAX,
  tax: STRIPE_TAX,
  tax_code: STRIPE_TAX,
  tax_details: STRIPE_TAX,
  tax_behavior: STRIPE_TAX,
  validate: STRIPE_TAX,
  source: 'the legacy Sources API: use payment methods.',
  default_source: 'the legacy Sources API: use payment methods.',
  cash_balance: 'cash balances (bank transfers) are not kept.',
  customer_balance: CARDS,
  currency_options: 'a price or coupon has one currency.',
  allowed_payment_method_types: CARDS,
  excluded_payment_method_types: CARDS,
  payment_method_data: CARDS,
  payment_method_options: CARDS,
  automatic_payment_methods: CARDS,
  payment_method_configuration: CARDS,
  mandate: CARDS,
  mandate_data: CARDS,
  flow_directions: CARDS,
  radar_options: 'no Radar.',
  use_stripe_sdk: 'no Stripe.js flow: authentication is a redirect.',
  confirmation_token: 'no Stripe.js confirmation tokens.',
  client_secret: 'a secret key needs none.',
  hooks: 'no payment hooks.',
  tiers: 'tiered prices are not billed yet.',
  tiers_mode: 'tiered prices are not billed yet.',
  transform_quantity: 'quantity transforms are not billed yet.',
  custom_unit_amount: 'customer-chosen amounts are not billed yet.',
  billing_thresholds: 'usage thresholds: metered billing is not offered yet.',
  quantity_decimal: 'quantities are whole numbers.',
  shipping_cost: 'no shipping rates.',
  shipping_details: 'no shipping rates.',
  shipping: 'shipping is not kept on payments.',
  issuer: 'the invoice issuer is always the account (self).',
  account_tax_ids: 'the account\'s tax IDs are not kept.',
  rendering: 'invoice templates: the hosted invoice and PDF are Bursar\'s own.',
  statement_descriptor: 'statement descriptors are set at the processor.',
  billing_mode: 'Bursar bills in classic mode.',
  billing_schedules: 'billing schedules are not offered.',
  schedule: 'previews of schedules are not offered yet.',
  schedule_details: 'previews of schedules are not offered yet.',
  // Payment method types other than card (payment_methods.create).
  ...Object.fromEntries(['acss_debit', 'affirm', 'afterpay_clearpay', 'alipay', 'alma', 'amazon_pay', 'au_becs_debit', 'bacs_debit', 'bancontact', 'billie', 'bizum', 'blik', 'boleto', 'cashapp', 'crypto', 'custom', 'eps', 'fpx', 'giropay', 'grabpay', 'ideal', 'interac_present', 'kakao_pay', 'klarna', 'konbini', 'kr_card', 'link', 'mb_way', 'mobilepay', 'multibanco', 'naver_pay', 'nz_bank_account', 'oxxo', 'p24', 'pay_by_bank', 'payco', 'paynow', 'paypal', 'paypay', 'payto', 'pix', 'promptpay', 'revolut_pay', 'samsung_pay', 'satispay', 'scalapay', 'sepa_debit', 'sequra', 'sofort', 'sunbit', 'swish', 'twint', 'upi', 'us_bank_account', 'wechat_pay', 'zip'].map((type) => [type, CARDS])),
};

export const whyNotSupported = (name: string): string => (Object.hasOwn(WHY, name) ? WHY[name]! : NOT_YET);

/**
 * Parameters the `stripe` package declares for an endpoint Bursar serves that it does not honour,
 * by `METHOD path` (docs/api.md lists them; test/api/declared-params.test.ts keeps both exact).
 */
export const UNSUPPORTED: Record<string, readonly string[]> = {
  'GET /v1/credit_notes': ['customer_account'],
  'GET /v1/credit_notes/preview': ['email_type', 'shipping_cost'],
  'GET /v1/credit_notes/preview/lines': ['email_type', 'shipping_cost'],
  'GET /v1/customers/:customer/payment_methods': ['allow_redisplay'],
  'GET /v1/invoice_payments': ['created', 'payment', 'status'],
  'GET /v1/invoiceitems': ['customer_account'],
  'GET /v1/invoices': ['customer_account', 'due_date'],
  'GET /v1/payment_intents': ['created', 'customer_account'],
  'GET /v1/payment_intents/:id': ['client_secret'],
  'GET /v1/payment_methods': ['allow_redisplay', 'customer_account'],
  'GET /v1/promotion_codes': ['customer_account'],
  'GET /v1/setup_intents': ['attach_to_self', 'created', 'customer_account'],
  'GET /v1/setup_intents/:id': ['client_secret'],
  'GET /v1/subscriptions': ['automatic_tax', 'current_period_end', 'current_period_start', 'customer_account', 'test_clock'],
  'POST /v1/billing_portal/sessions': ['after_expiration', 'customer_account'],
  'POST /v1/coupons': ['currency_options'],
  'POST /v1/coupons/:id': ['currency_options'],
  'POST /v1/credit_notes': ['email_type', 'shipping_cost'],
  'POST /v1/customers': ['business_name', 'cash_balance', 'individual_name', 'next_invoice_sequence', 'source', 'tax', 'tax_id_data', 'validate'],
  'POST /v1/customers/:id': ['business_name', 'cash_balance', 'default_source', 'individual_name', 'next_invoice_sequence', 'source', 'tax', 'validate'],
  'POST /v1/invoiceitems': ['customer_account', 'discounts', 'price_data', 'quantity_decimal', 'subscription', 'tax_behavior', 'tax_code', 'unit_amount_decimal'],
  'POST /v1/invoiceitems/:id': ['discounts', 'invoicing_rules', 'price_data', 'quantity_decimal', 'tax_behavior', 'tax_code', 'unit_amount_decimal'],
  'POST /v1/invoices': ['account_tax_ids', 'application_fee_amount', 'automatic_tax', 'automatically_finalizes_at', 'currency', 'customer_account', 'default_source', 'effective_at', 'from_invoice', 'issuer', 'number', 'on_behalf_of', 'payment_settings', 'rendering', 'shipping_cost', 'shipping_details', 'statement_descriptor', 'subscription', 'transfer_data'],
  'POST /v1/invoices/:id': ['account_tax_ids', 'application_fee_amount', 'automatic_tax', 'automatically_finalizes_at', 'default_source', 'effective_at', 'issuer', 'number', 'on_behalf_of', 'payment_settings', 'rendering', 'shipping_cost', 'shipping_details', 'statement_descriptor', 'transfer_data'],
  'POST /v1/invoices/:id/pay': ['mandate', 'source'],
  'POST /v1/invoices/create_preview': ['currency', 'customer_account', 'invoice_items', 'issuer', 'on_behalf_of', 'preview_mode', 'schedule', 'schedule_details'],
  'POST /v1/payment_intents/:id/confirm': ['allowed_payment_method_types', 'amount_details', 'amount_to_confirm', 'capture_method', 'confirmation_token', 'error_on_requires_action', 'excluded_payment_method_types', 'hooks', 'mandate', 'mandate_data', 'payment_details', 'payment_method_data', 'payment_method_options', 'radar_options', 'receipt_email', 'setup_future_usage', 'shipping', 'use_stripe_sdk'],
  'POST /v1/payment_methods': ['acss_debit', 'affirm', 'afterpay_clearpay', 'alipay', 'alma', 'amazon_pay', 'au_becs_debit', 'bacs_debit', 'bancontact', 'billie', 'bizum', 'blik', 'boleto', 'cashapp', 'crypto', 'custom', 'customer', 'customer_balance', 'eps', 'fpx', 'giropay', 'grabpay', 'ideal', 'interac_present', 'kakao_pay', 'klarna', 'konbini', 'kr_card', 'link', 'mb_way', 'mobilepay', 'multibanco', 'naver_pay', 'nz_bank_account', 'oxxo', 'p24', 'pay_by_bank', 'payco', 'payment_method', 'paynow', 'paypal', 'paypay', 'payto', 'pix', 'promptpay', 'radar_options', 'revolut_pay', 'samsung_pay', 'satispay', 'scalapay', 'sepa_debit', 'sequra', 'sofort', 'sunbit', 'swish', 'twint', 'upi', 'us_bank_account', 'wechat_pay', 'zip'],
  'POST /v1/payment_methods/:id': ['us_bank_account'],
  'POST /v1/payment_methods/:id/attach': ['customer_account'],
  'POST /v1/prices': ['currency_options', 'custom_unit_amount', 'tiers', 'tiers_mode', 'transform_quantity'],
  'POST /v1/prices/:id': ['currency_options'],
  'POST /v1/products': ['tax_details'],
  'POST /v1/products/:id': ['tax_details'],
  'POST /v1/promotion_codes': ['customer_account'],
  'POST /v1/refunds': ['currency', 'customer', 'instructions_email', 'origin', 'refund_application_fee', 'reverse_transfer'],
  'POST /v1/setup_intents': ['allowed_payment_method_types', 'attach_to_self', 'automatic_payment_methods', 'confirmation_token', 'customer_account', 'excluded_payment_method_types', 'flow_directions', 'mandate_data', 'on_behalf_of', 'payment_method_configuration', 'payment_method_data', 'payment_method_options', 'single_use', 'use_stripe_sdk'],
  'POST /v1/setup_intents/:id': ['allowed_payment_method_types', 'attach_to_self', 'customer_account', 'excluded_payment_method_types', 'flow_directions', 'payment_method_configuration', 'payment_method_data', 'payment_method_options'],
  'POST /v1/setup_intents/:id/confirm': ['allowed_payment_method_types', 'confirmation_token', 'mandate_data', 'payment_method_data', 'payment_method_options', 'use_stripe_sdk'],
  'POST /v1/subscriptions': ['add_invoice_items', 'application_fee_percent', 'automatic_tax', 'backdate_start_date', 'billing_cycle_anchor_config', 'billing_mode', 'billing_schedules', 'billing_thresholds', 'currency', 'customer_account', 'default_source', 'invoice_settings', 'off_session', 'on_behalf_of', 'pending_invoice_item_interval', 'transfer_data'],
  'POST /v1/subscriptions/:id': ['add_invoice_items', 'application_fee_percent', 'automatic_tax', 'billing_cycle_anchor', 'billing_schedules', 'billing_thresholds', 'default_source', 'invoice_settings', 'on_behalf_of', 'pending_invoice_item_interval', 'transfer_data', 'trial_end', 'trial_from_plan'],
  'POST /v1/test_helpers/test_clocks': ['customer'],
  'POST /v1/webhook_endpoints': ['connect'],
};

/** The route refusing each of its unsupported parameters by name, saying why, never ignoring it (its own parameters win). */
export function refusingUnsupported(route: Route): Route {
  const names = (UNSUPPORTED[`${route.method} ${route.path}`] ?? []).filter((name) => !Object.hasOwn(route.params.shape, name));
  if (names.length === 0) return route;
  return { ...route, params: route.params.extend(Object.fromEntries(names.map((name) => [name, notSupported(whyNotSupported(name)).optional()]))) };
}
