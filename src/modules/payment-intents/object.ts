import type { Ctx } from '../../context.ts';
import { parseJson } from '../../kit/json.ts';
import { openAtRest } from '../../secrets/at-rest.ts';
import { derivedToken } from '../../secrets/derived-token.ts';
import { findPaymentMethod, type PaymentMethodRow } from '../payment-methods/repository.ts';
import { toPaymentMethodObject } from '../payment-methods/object.ts';
import { OVERPAID, type ChargeRow, type PaymentIntentRow } from './repository.ts';

/** What a failed attempt left on its intent, as Stripe's last_payment_error (the method as an id until shown). */
export interface StoredPaymentError {
  type: 'card_error';
  code: string;
  decline_code?: string;
  message: string;
  charge: string | null;
  payment_method: string | null;
}

/** Stripe's client_secret: `<pi>_secret_<token>`, derived on read, never stored. */
export async function clientSecretOf(ctx: Pick<Ctx, 'db'>, id: string): Promise<string> {
  return `${id}_secret_${(await derivedToken(ctx.db, 'payment_intent_client_secrets', id)).slice(0, 24)}`;
}

/** A stored card error as Stripe shows it (last_payment_error, last_setup_error): its doc URL, the method shown whole. */
export async function shownCardError(ctx: Ctx, json: string | null) {
  const stored = parseJson<StoredPaymentError | null>(json, null);
  if (!stored) return null;
  const { charge, payment_method: methodId, ...error } = stored;
  const method = methodId === null ? undefined : await findPaymentMethod(ctx.db, ctx.scope, methodId);
  // Stripe leaves out what an error has none of (`charge`, `payment_method`) rather than sending null.
  return {
    ...error,
    ...(charge === null ? {} : { charge }),
    doc_url: `https://stripe.com/docs/error-codes/${stored.code.replaceAll('_', '-')}`,
    ...(method ? { payment_method: toPaymentMethodObject(method) } : {}),
  };
}

/** The payment intent as Stripe shows it. */
export async function toPaymentIntent(ctx: Ctx, row: PaymentIntentRow) {
  const nextAction =
    row.status === 'requires_action' && row.next_action_url !== null
      ? { type: 'redirect_to_url' as const, redirect_to_url: { url: openAtRest(ctx.db, row.next_action_url), return_url: row.return_url } }
      : null;
  return {
    id: row.id,
    object: 'payment_intent' as const,
    amount: row.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: row.amount_received,
    allowed_payment_method_types: null,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: row.canceled_at,
    cancellation_reason: row.cancellation_reason,
    capture_method: 'automatic' as const,
    client_secret: await clientSecretOf(ctx, row.id),
    confirmation_method: 'automatic' as const,
    created: row.created,
    currency: row.currency,
    customer: row.customer,
    customer_account: null,
    description: row.description,
    excluded_payment_method_types: null,
    last_payment_error: await shownCardError(ctx, row.last_payment_error),
    latest_charge: row.latest_charge,
    livemode: row.livemode === 1,
    managed_payments: null,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    next_action: nextAction,
    on_behalf_of: null,
    payment_method: row.payment_method,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: row.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export type PaymentIntentObject = Awaited<ReturnType<typeof toPaymentIntent>>;

/** An attempt's status as its charge shows it (an attempt not yet answered is pending; an overpayment took the money). */
const chargeStatus = (status: string) => (status === OVERPAID ? 'succeeded' : status === 'succeeded' || status === 'failed' ? status : 'pending');

/** The charge as Stripe shows it. */
export async function toCharge(ctx: Ctx, row: ChargeRow) {
  const method = row.payment_method === null ? undefined : await findPaymentMethod(ctx.db, ctx.scope, row.payment_method);
  const status = chargeStatus(row.status);
  const succeeded = status === 'succeeded';
  const dispute = parseJson<{ reason: string; status: string } | null>(row.dispute, null);
  return {
    id: row.id,
    object: 'charge' as const,
    amount: row.amount,
    amount_captured: succeeded ? row.amount : 0,
    amount_refunded: row.amount_refunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: method ? { address: null, email: null, name: null, phone: null, tax_id: null, ...parseJson<Record<string, unknown>>(method.billing_details, {}) } : null,
    calculated_statement_descriptor: null,
    captured: succeeded,
    created: row.created,
    currency: row.currency,
    customer: row.customer,
    description: null,
    disputed: dispute !== null,
    failure_balance_transaction: null,
    failure_code: row.failure_code,
    failure_message: row.failure_message,
    fraud_details: {},
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    on_behalf_of: null,
    outcome:
      status === 'pending'
        ? null
        : {
            advice_code: null,
            network_advice_code: null,
            network_decline_code: null,
            network_status: succeeded ? 'approved_by_network' : 'declined_by_network',
            reason: row.decline_code,
            risk_level: 'normal',
            seller_message: succeeded ? 'Payment complete.' : 'The bank did not return any further details with this decline.',
            type: succeeded ? 'authorized' : 'issuer_declined',
          },
    paid: succeeded,
    payment_intent: row.payment_intent,
    payment_method: row.payment_method,
    payment_method_details: method
      ? { type: 'card', card: cardDetails(method) }
      : null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    // Fully refunded; the refunds themselves (`refunds`) are shown when expanded, as Stripe does.
    refunded: succeeded && row.amount_refunded === row.amount,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status,
    transfer_data: null,
    transfer_group: null,
  };
}

/** The card a charge was made with, as its payment_method_details show it. */
function cardDetails(method: PaymentMethodRow) {
  return {
    amount_authorized: null,
    authorization_code: null,
    brand: method.card_brand,
    checks: null,
    country: method.card_country,
    electronic_commerce_indicator: null,
    exp_month: method.card_exp_month,
    exp_year: method.card_exp_year,
    fingerprint: method.card_fingerprint,
    funding: method.card_funding,
    installments: null,
    last4: method.card_last4,
    mandate: null,
    network: method.card_brand,
    network_transaction_id: null,
    regulated_status: null,
    three_d_secure: null,
    transaction_link_id: null,
    wallet: null,
  };
}

export type ChargeObject = Awaited<ReturnType<typeof toCharge>>;

/** The invoice payment (`inpay_…`) an invoice's intent is, as Stripe shows it. */
export function toInvoicePayment(row: PaymentIntentRow) {
  const status = row.status === 'succeeded' ? 'paid' : row.status === 'canceled' ? 'canceled' : 'open';
  return {
    id: row.invoice_payment!,
    object: 'invoice_payment' as const,
    amount_paid: status === 'paid' ? row.amount_received : null,
    amount_requested: row.amount,
    created: row.created,
    currency: row.currency,
    invoice: row.invoice!,
    is_default: true,
    livemode: row.livemode === 1,
    payment: { type: 'payment_intent' as const, payment_intent: row.id },
    status,
    status_transitions: { canceled_at: row.canceled_at, paid_at: row.paid_at },
  };
}

export type InvoicePaymentObject = ReturnType<typeof toInvoicePayment>;
