import type { Generated } from 'kysely';

/** Booleans are stored as 0/1 on both engines; JSON columns hold text. */
type Flag = number;
type JsonText = string | null;

/** Columns every Stripe-style object row has. `seq` orders lists by creation. */
interface ObjectRow {
  seq: Generated<number>;
  id: string;
  project_id: string;
  livemode: Flag;
  created: number;
}

export interface ProjectsTable {
  id: string;
  name: string;
  created: number;
}

export interface ApiKeysTable {
  id: string;
  project_id: string;
  livemode: Flag;
  secret_hash: string;
  last4: string;
  name: string | null;
  created: number;
  revoked_at: number | null;
}

export interface CustomersTable extends ObjectRow {
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  address: JsonText;
  shipping: JsonText;
  metadata: string;
  invoice_prefix: string;
  default_payment_method: string | null;
  invoice_settings: JsonText;
  preferred_locales: string;
  balance: number;
  currency: string | null;
  tax_exempt: string;
  test_clock: string | null;
  deleted_at: number | null;
}

export interface ProductsTable extends ObjectRow {
  updated: number;
  name: string;
  active: Flag;
  description: string | null;
  default_price: string | null;
  images: string;
  marketing_features: string;
  metadata: string;
  unit_label: string | null;
  url: string | null;
  statement_descriptor: string | null;
  tax_code: string | null;
  shippable: Flag | null;
  package_dimensions: JsonText;
}

export interface PricesTable extends ObjectRow {
  product: string;
  active: Flag;
  currency: string;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  type: string;
  billing_scheme: string;
  recurring_interval: string | null;
  recurring_interval_count: number | null;
  recurring_usage_type: string | null;
  /** A plan's trial_period_days (subscriptions created with trial_from_plan take it). */
  recurring_trial_period_days: number | null;
  lookup_key: string | null;
  nickname: string | null;
  tax_behavior: string;
  metadata: string;
  /** When its plan was deleted: no longer retrievable or usable; subscriptions holding it bill on. */
  deleted_at: number | null;
}

export interface PaymentMethodsTable extends ObjectRow {
  customer: string | null;
  type: string;
  billing_details: string;
  card_brand: string;
  card_last4: string;
  card_exp_month: number;
  card_exp_year: number;
  card_fingerprint: string;
  card_funding: string;
  card_country: string | null;
  /** The processor's ref of the method: the test gateway's card handle (charges behave as that card does), Stripe's pm_…. Never shown. */
  gateway_card: string;
  /** Which processor holds the method (ProcessorKind). */
  processor: Generated<string>;
  allow_redisplay: string;
  metadata: string;
}

export interface CouponsTable extends ObjectRow {
  name: string | null;
  /** percent_off in hundredths of a percent (12.5% → 1250): exact in money math. */
  percent_off_hundredths: number | null;
  amount_off: number | null;
  currency: string | null;
  duration: string;
  duration_in_months: number | null;
  max_redemptions: number | null;
  redeem_by: number | null;
  /** JSON list of product ids, or null when the coupon applies to everything. */
  applies_to_products: JsonText;
  times_redeemed: number;
  metadata: string;
  deleted_at: number | null;
}

export interface PromotionCodesTable extends ObjectRow {
  coupon: string;
  code: string;
  /** The code uppercased: codes match whatever their case. */
  code_key: string;
  active: Flag;
  customer: string | null;
  expires_at: number | null;
  max_redemptions: number | null;
  times_redeemed: number;
  first_time_transaction: Flag;
  minimum_amount: number | null;
  minimum_amount_currency: string | null;
  /** JSON: currency → { minimum_amount }. */
  currency_options: string;
  metadata: string;
}

export interface TaxRatesTable extends ObjectRow {
  active: Flag;
  display_name: string;
  description: string | null;
  /** percentage in ten-thousandths of a percent (19.25% → 192500): exact in money math. */
  percentage_ten_thousandths: number;
  inclusive: Flag;
  country: string | null;
  state: string | null;
  jurisdiction: string | null;
  tax_type: string | null;
  metadata: string;
}

export interface EventsTable extends ObjectRow {
  type: string;
  api_version: string;
  data: string;
  request_id: string | null;
  idempotency_key: string | null;
  pending_webhooks: number;
  /** The real time the event was written (retention counts from it); `created` is its object's time. */
  recorded_at: number;
}

export interface IdempotencyKeysTable {
  project_id: string;
  livemode: Flag;
  key: string;
  request_hash: string;
  /** 'pending' while the first request runs, 'done' once its response is stored. */
  status: string;
  locked_until: number;
  response_status: number | null;
  response_body: string | null;
  created: number;
}

export interface TestClocksTable extends ObjectRow {
  name: string | null;
  frozen_time: number;
  /** 'ready' between advances; 'advancing' while the time it skipped is being run. */
  status: string;
  deletes_after: number;
}

export interface InvoiceItemsTable extends ObjectRow {
  customer: string;
  /** The invoice it is on; null while pending (the next invoice picks it up). */
  invoice: string | null;
  /** The `il_` id of the line this item becomes on an invoice. */
  line_id: string;
  amount: number;
  currency: string;
  description: string | null;
  period_start: number;
  period_end: number;
  discountable: Flag;
  /** JSON list of tax rate ids. */
  tax_rates: string;
  price: string | null;
  /** The price's product, kept so the item shows it without another lookup. */
  product: string | null;
  quantity: number;
  unit_amount_decimal: string | null;
  metadata: string;
  subscription: string | null;
  subscription_item: string | null;
  /** 1 for a proration credit or charge made by a subscription change. */
  proration: Generated<Flag>;
}

export interface InvoicesTable extends ObjectRow {
  customer: string;
  /** draft, open, paid, void or uncollectible. */
  status: string;
  number: string | null;
  currency: string;
  collection_method: string;
  days_until_due: number | null;
  due_date: number | null;
  auto_advance: Flag;
  description: string | null;
  default_payment_method: string | null;
  /** JSON list of tax rate ids. */
  default_tax_rates: string;
  /** JSON list of { id, coupon, promotion_code }. */
  discounts: string;
  /** The customer's balance taken at finalization; null while a draft (the live balance shows). */
  starting_balance: number | null;
  /** The customer's tax IDs taken when finalized (JSON [{type, value}]); null on a draft, which shows the current ones. */
  customer_tax_ids: string | null;
  amount_paid: number;
  attempt_count: number;
  paid_out_of_band: Flag;
  finalized_at: number | null;
  paid_at: number | null;
  voided_at: number | null;
  marked_uncollectible_at: number | null;
  metadata: string;
  subscription: string | null;
  /** manual, subscription_create, subscription_update … as Stripe names it. */
  billing_reason: Generated<string>;
  /** SHA-256 of the public link token; set when finalized (see invoices/links.ts). */
  link_hash: string | null;
  /** What issued credit notes took off the amount due while the invoice was open. */
  pre_payment_credit_notes_amount: Generated<number>;
  /** What issued credit notes credited (balance, refund, out of band) after it was paid. */
  post_payment_credit_notes_amount: Generated<number>;
  /** JSON [{name, value}] shown on the invoice, or null. */
  custom_fields: JsonText;
  footer: string | null;
}

/** A send of an invoice to its customer's email, waiting for the email sender while `delivered_at` is null. */
export interface InvoiceSendsTable {
  id: string;
  project_id: string;
  livemode: Flag;
  invoice: string;
  email: string;
  requested_at: number;
  delivered_at: number | null;
}

/** Server-wide random keys by purpose; `value` is sealed (src/secrets). */
export interface ServerSecretsTable {
  name: string;
  value: string;
}

/** A project's payment processor in one mode; none in a mode means the default (test: the test gateway; live: none). */
export interface ProcessorSettingsTable {
  project_id: string;
  livemode: Flag;
  /** test or stripe (ProcessorKind). */
  kind: string;
  /** JSON of the processor's credentials, sealed (src/secrets); null for the test gateway. */
  credentials: string | null;
  /** New (random) with every change: what was built from older settings is not used again. */
  version: string;
  updated: number;
}

/** A customer's customer at a processor (Stripe's cus_…), made once. */
export interface ProcessorCustomersTable {
  project_id: string;
  livemode: Flag;
  customer: string;
  processor: string;
  ref: string;
  created: number;
}

/** A card collection started on a processor's page, and whose card it collects. */
export interface ProcessorSetupsTable {
  project_id: string;
  livemode: Flag;
  processor: string;
  ref: string;
  customer: string;
  created: number;
}

/** A webhook a processor sent, and what became of it. */
export interface ProcessorEventsTable {
  id: string;
  project_id: string;
  livemode: Flag;
  processor: string;
  /** The processor's event id (Stripe's evt_…); null when refused unread. */
  event_id: string | null;
  /** The ProcessorEvent type (setup.succeeded …), null when refused. */
  type: string | null;
  /** applied, ignored (nothing to do), unhandled (recorded for later), failed (could not apply), refused (bad signature or too old). */
  status: string;
  /** Why it was ignored, failed or refused. */
  detail: string | null;
  /** The event as Bursar read it (JSON of a ProcessorEvent). */
  data: string | null;
  received: number;
}

/** The master keys stored secrets are sealed under: id and an HMAC under the key, never the key. */
export interface SecretKeysTable {
  id: string;
  key_check: string;
}

export interface SubscriptionsTable extends ObjectRow {
  customer: string;
  /** incomplete, trialing, active, canceled … as Stripe names it. */
  status: string;
  currency: string;
  /** The interval every item's price shares. */
  interval: string;
  interval_count: number;
  collection_method: string;
  days_until_due: number | null;
  default_payment_method: string | null;
  /** JSON list of tax rate ids. */
  default_tax_rates: string;
  /** JSON list of { id, coupon, promotion_code }. */
  discounts: string;
  billing_cycle_anchor: number;
  current_period_start: number;
  current_period_end: number;
  start_date: number;
  trial_start: number | null;
  trial_end: number | null;
  cancel_at: number | null;
  cancel_at_period_end: Flag;
  canceled_at: number | null;
  ended_at: number | null;
  /** JSON { comment, feedback, reason } once canceled. */
  cancellation_details: JsonText;
  latest_invoice: string | null;
  /** The customer's test clock, kept so the subscription shows it without a lookup. */
  test_clock: string | null;
  metadata: string;
  /** customer.subscription.trial_will_end was sent for this trial. */
  trial_will_end_sent: Generated<Flag>;
  /** When the unpaid invoice first failed: the retry schedule counts from here. */
  first_failed_at: number | null;
  /** When the billing jobs try the unpaid invoice again; null when none is due. */
  next_retry_at: number | null;
  /** pause_collection[behavior]: keep_as_draft, mark_uncollectible or void; null when collecting. */
  pause_behavior: string | null;
  /** pause_collection[resumes_at]: when collection resumes by itself. */
  pause_resumes_at: number | null;
  /** trial_settings[end_behavior][missing_payment_method]: create_invoice, pause or cancel. */
  trial_missing_payment_method: Generated<string>;
  /** A change for the end of the period (JSON: effective_at, items), applied by the renewal; null when none. */
  scheduled_change: string | null;
  /** Shown to the customer (the portal); null when none. */
  description: string | null;
  /** JSON payment_settings as given (payment-settings.ts); null: Stripe's defaults. */
  payment_settings: JsonText;
  /** invoice.upcoming of the current period: 0 still to send, 1 sent, 2 withheld (the period ends the subscription). */
  invoice_upcoming_sent: Generated<number>;
  /** The subscription schedule managing it, if any. */
  schedule: Generated<string | null>;
}

export interface SubscriptionSchedulesTable extends ObjectRow {
  metadata: string;
  customer: string;
  subscription: string | null;
  /** not_started, active, completed, released or canceled. */
  status: string;
  end_behavior: string;
  /** JSON: the schedule's default_settings as Stripe shows them. */
  default_settings: string;
  /** JSON list of stored phases (start and end times, items, settings). */
  phases: string;
  /** Index into phases of the phase in effect; null before the start and once ended. */
  current_phase: number | null;
  /** When the billing jobs next move the schedule; null once it has ended. */
  next_at: number | null;
  /** subscription_schedule.expiring was sent. */
  expiring_sent: Generated<Flag>;
  test_clock: string | null;
  canceled_at: number | null;
  completed_at: number | null;
  released_at: number | null;
  released_subscription: string | null;
}

/** One row per billed subscription cycle: a second renewal of the same period cannot insert. */
export interface SubscriptionCyclesTable {
  project_id: string;
  livemode: Flag;
  subscription: string;
  period_start: number;
  billing_reason: string;
  invoice: string;
}

export interface SubscriptionItemsTable extends ObjectRow {
  subscription: string;
  /** The subscription's seq and created: the subscriptions list walks items by price in its order. */
  subscription_seq: number;
  subscription_created: number;
  price: string;
  quantity: number;
  /** JSON list of tax rate ids. */
  tax_rates: string;
  metadata: string;
}

export interface InvoiceNumberCountersTable {
  project_id: string;
  livemode: Flag;
  last_number: number;
}

/** A setup intent (`seti_…`): a card saved for later payments, authenticated when its bank asks. */
export interface SetupIntentsTable extends ObjectRow {
  customer: string | null;
  payment_method: string | null;
  /** Stripe's statuses: requires_payment_method, requires_confirmation, requires_action, processing, succeeded, canceled. */
  status: string;
  /** on_session | off_session */
  usage: string;
  description: string | null;
  return_url: string | null;
  /** The processor's ref of the authentication it awaits (the test gateway's), or of the processor's own setup intent (Stripe's seti_…). */
  processor_ref: string | null;
  /** A remote processor's authentication page (requires_action), as it answered it. */
  next_action_url: Generated<string | null>;
  /** JSON of Stripe's last_setup_error (the method as an id), or null. */
  last_setup_error: string | null;
  cancellation_reason: string | null;
  metadata: string;
}

/** A payment intent (`pi_…`): what an invoice asks to be paid, across its attempts. */
export interface PaymentIntentsTable extends ObjectRow {
  customer: string | null;
  invoice: string | null;
  /** The invoice payment (`inpay_…`) it is for its invoice. */
  invoice_payment: string | null;
  amount: number;
  amount_received: number;
  currency: string;
  /** Stripe's statuses: requires_payment_method … succeeded, canceled. */
  status: string;
  payment_method: string | null;
  latest_charge: string | null;
  /** JSON of Stripe's last_payment_error, or null. */
  last_payment_error: string | null;
  /** Sealed: where the customer authenticates (requires_action only). */
  next_action_url: string | null;
  return_url: string | null;
  description: string | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  paid_at: number | null;
  metadata: string;
}

/** One attempt to charge a payment intent (`ch_…`), with its own idempotency key. */
export interface ChargesTable extends ObjectRow {
  payment_intent: string;
  invoice: string | null;
  customer: string | null;
  amount: number;
  currency: string;
  payment_method: string | null;
  /** pending (recorded, not yet answered), unknown, requires_action, processing, succeeded, failed; superseded (replaced while awaiting authentication); overpaid (took the money after another attempt paid the invoice: credited to the customer's balance). */
  status: string;
  idempotency_key: string;
  processor: string;
  processor_ref: string | null;
  off_session: Flag;
  failure_code: string | null;
  failure_message: string | null;
  decline_code: string | null;
  /** JSON {reason, status} of a dispute the charge drew (the test gateway's dispute cards). */
  dispute: string | null;
  /** When the reconciliation job may ask the processor about a pending or unknown attempt. */
  check_after: number | null;
  /** What its refunds took back, pending ones included. */
  amount_refunded: Generated<number>;
  metadata: string;
}

export interface RefundsTable extends ObjectRow {
  charge: string;
  payment_intent: string;
  customer: string | null;
  amount: number;
  currency: string;
  reason: string | null;
  /** recorded (not yet answered), unknown, pending, requires_action, succeeded, failed, canceled. */
  status: string;
  idempotency_key: string;
  processor: string;
  processor_ref: string | null;
  failure_reason: string | null;
  /** When the reconciliation job may ask the processor about a recorded or unknown refund. */
  check_after: number | null;
  metadata: string;
}

export interface DisputesTable extends ObjectRow {
  charge: string;
  payment_intent: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
  processor: string;
  processor_ref: string;
  metadata: string;
}

export interface PortalConfigurationsTable extends ObjectRow {
  updated: number;
  active: Flag;
  /** The configuration sessions use when they name none; one per project and mode. */
  is_default: Flag;
  name: string | null;
  default_return_url: string | null;
  /** JSON { headline, privacy_policy_url, terms_of_service_url }. */
  business_profile: string;
  /** JSON: Stripe's `features` as the object shows them. */
  features: string;
  /** JSON { business_name, logo_url, accent_color }: Bursar's addition. */
  branding: string;
  /** JSON { allowed_origins }: who may frame the portal (Bursar's addition). */
  embedding: string;
  metadata: string;
}

export interface PortalSessionsTable extends ObjectRow {
  customer: string;
  configuration: string;
  return_url: string | null;
  locale: string | null;
  on_behalf_of: string | null;
  /** JSON: the session's `flow` as the object shows it, or null. */
  flow: JsonText;
  /** When the link and the portal session it opens end, however active. */
  expires_at: number;
  /** SHA-256 of the link token. */
  link_hash: string;
  /** When the link was opened (spent); null while unused. */
  opened_at: number | null;
  /** SHA-256 of the portal cookie issued when the link was opened. */
  cookie_hash: string | null;
  /** The last request of the portal session: it ends after the idle timeout. */
  last_seen_at: number | null;
  /** When the customer left through the return link. */
  ended_at: number | null;
}

export interface AppEndpointsTable extends ObjectRow {
  updated: number;
  /** The preset it was made from, or null for a contract of the project's own. */
  preset: string | null;
  method: string;
  path: string;
  enabled: Flag;
  /** JSON: the endpoint's contract (src/modules/app-endpoints/contract.ts). */
  contract: string;
  metadata: string;
}

/** How app endpoints authenticate callers and find their customer, per project and mode. */
export interface AppEndpointSettingsTable {
  project_id: string;
  livemode: Flag;
  updated: number;
  /** HS256 secret end-user JWTs are signed with: sealed (src/secrets), not hashed, since verifying needs it. */
  jwt_secret: string | null;
  jwks_url: string | null;
  issuer: string | null;
  audience: string | null;
  /** Which customer field a caller's claim is matched against: `id`, `email` or `metadata.<key>`. */
  customer_reference: string;
  /** JSON array of origins browsers may call the endpoints from. */
  allowed_origins: string;
}

/** One metadata entry of a customer, indexed: how a caller's claim finds its customer. */
export interface CustomerReferencesTable {
  project_id: string;
  livemode: Flag;
  key: string;
  value: string;
  customer: string;
}

/** Keys that stand for one customer's account (`ck_test_…`), stored as SHA-256. */
export interface CustomerApiKeysTable extends ObjectRow {
  customer: string;
  secret_hash: string;
  last4: string;
  created: number;
  revoked_at: number | null;
}

export interface WebhookEndpointsTable extends ObjectRow {
  metadata: string;
  url: string;
  description: string | null;
  /** JSON array of event types, `*` for all. */
  enabled_events: string;
  api_version: string | null;
  /** 'enabled' or 'disabled'. */
  status: string;
  /** `whsec_…`: signs every delivery, so it is sealed (src/secrets), not hashed. */
  secret: string;
  /** Unix ms of the first failed attempt since the last success; null while healthy. */
  failing_since: number | null;
}

/** The outbox: one row per event and endpoint. Times are unix milliseconds. */
export interface WebhookDeliveriesTable {
  id: string;
  project_id: string;
  livemode: Flag;
  event_id: string;
  endpoint_id: string;
  created: number;
  /** 'pending' until delivered ('succeeded') or given up ('failed'); 'paused' while its endpoint is disabled. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  /** The lease of the process delivering it: another may claim it after this. */
  locked_until: number;
  claim: string | null;
}

export interface WebhookAttemptsTable extends ObjectRow {
  endpoint_id: string;
  event_id: string;
  event_type: string;
  delivery_id: string;
  attempt: number;
  status: string;
  response_status: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
}

export interface Database {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  customers: CustomersTable;
  products: ProductsTable;
  prices: PricesTable;
  payment_methods: PaymentMethodsTable;
  coupons: CouponsTable;
  promotion_codes: PromotionCodesTable;
  tax_rates: TaxRatesTable;
  test_clocks: TestClocksTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  invoice_items: InvoiceItemsTable;
  invoices: InvoicesTable;
  invoice_sends: InvoiceSendsTable;
  invoice_number_counters: InvoiceNumberCountersTable;
  payment_intents: PaymentIntentsTable;
  charges: ChargesTable;
  refunds: RefundsTable;
  disputes: DisputesTable;
  subscriptions: SubscriptionsTable;
  server_secrets: ServerSecretsTable;
  secret_keys: SecretKeysTable;
  subscription_items: SubscriptionItemsTable;
  subscription_schedules: SubscriptionSchedulesTable;
  subscription_cycles: SubscriptionCyclesTable;
  portal_configurations: PortalConfigurationsTable;
  portal_sessions: PortalSessionsTable;
  app_endpoints: AppEndpointsTable;
  app_endpoint_settings: AppEndpointSettingsTable;
  processor_settings: ProcessorSettingsTable;
  processor_customers: ProcessorCustomersTable;
  processor_events: ProcessorEventsTable;
  processor_setups: ProcessorSetupsTable;
  setup_intents: SetupIntentsTable;
  customer_api_keys: CustomerApiKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  tax_ids: TaxIdsTable;
  customer_references: CustomerReferencesTable;
  customer_balance_transactions: CustomerBalanceTransactionsTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
}

/** A customer's tax ID (`txi_…`): its type, normalised value and country. */
export interface TaxIdsTable extends ObjectRow {
  customer: string;
  type: string;
  value: string;
  country: string | null;
  /** Stripe's verification.status; `unavailable` while Bursar verifies no type. */
  verification_status: string;
}

/** One change of a customer's balance (`cbtxn_…`), in Stripe's sign: negative is credit. */
export interface CustomerBalanceTransactionsTable extends ObjectRow {
  customer: string;
  /** adjustment, applied_to_invoice, credit_note, initial, unapplied_from_invoice … as Stripe names it. */
  type: string;
  amount: number;
  currency: string;
  /** The customer's balance right after this change. */
  ending_balance: number;
  description: string | null;
  invoice: string | null;
  credit_note: string | null;
  metadata: string;
}

/** A credit note (`cn_…`) of a finalized invoice; amounts in Stripe's terms (credit-notes/amounts.ts). */
export interface CreditNotesTable extends ObjectRow {
  invoice: string;
  customer: string;
  /** The invoice's number + `-CN-01`, `-CN-02` … */
  number: string;
  currency: string;
  /** issued or void. */
  status: string;
  /** pre_payment, post_payment or mixed. */
  type: string;
  subtotal: number;
  discount_amount: number;
  total: number;
  /** JSON list of { tax_rate, amount, inclusive, taxable_amount } over all lines. */
  taxes: string;
  pre_payment_amount: number;
  post_payment_amount: number;
  credit_amount: number;
  out_of_band_amount: number;
  refund_amount: number;
  customer_balance_transaction: string | null;
  reason: string | null;
  memo: string | null;
  effective_at: number | null;
  voided_at: number | null;
  /** SHA-256 of the public PDF link's token (credit-notes/links.ts). */
  /** JSON [{refund, amount_refunded}]: the refunds it made or names. */
  refunds: Generated<string>;
  link_hash: string;
  metadata: string;
}

/** A line of a credit note (`cnli_…`): part of an invoice line, or a custom amount. */
export interface CreditNoteLinesTable {
  seq: Generated<number>;
  id: string;
  project_id: string;
  livemode: Flag;
  credit_note: string;
  /** invoice_line_item or custom_line_item. */
  type: string;
  invoice_line_item: string | null;
  description: string | null;
  quantity: number | null;
  unit_amount: number | null;
  /** Before discounts and exclusive tax, as the invoice line's amount. */
  amount: number;
  discount_amount: number;
  /** JSON list of { tax_rate, amount, inclusive, taxable_amount }. */
  taxes: string;
  metadata: string;
}

/** Tables holding Stripe-style objects: these share list pagination. */
export type ObjectTable =
  | 'test_clocks'
  | 'customers'
  | 'products'
  | 'prices'
  | 'payment_methods'
  | 'coupons'
  | 'promotion_codes'
  | 'tax_rates'
  | 'events'
  | 'invoice_items'
  | 'invoices'
  | 'payment_intents'
  | 'setup_intents'
  | 'charges'
  | 'refunds'
  | 'disputes'
  | 'subscriptions'
  | 'subscription_items'
  | 'subscription_schedules'
  | 'portal_configurations'
  | 'portal_sessions'
  | 'app_endpoints'
  | 'webhook_endpoints'
  | 'webhook_attempts'
  | 'tax_ids'
  | 'customer_api_keys'
  | 'customer_balance_transactions'
  | 'credit_notes';
