import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import Stripe from 'stripe';
import { outgoingClient } from '../../src/net/client.ts';
import type { CustomerInput, Processor } from '../../src/processors/processor.ts';
import { createStripeProcessor, type StripeProcessorOptions } from '../../src/processors/stripe/processor.ts';

/**
 * A stand-in for api.stripe.com on 127.0.0.1, for tests: it answers the calls Bursar's Stripe
 * processor makes in Stripe's documented shapes, replays an Idempotency-Key's first answer as
 * Stripe does, records every request, can be told to answer late or fail, hosts a bare
 * Checkout page that saves a card and a 3-D Secure page, and signs and sends webhook events as Stripe does.
 */

export interface RecordedRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  /** The form body (POST) or the query (GET), parsed with bracket notation. */
  params: Record<string, any>;
  headers: IncomingMessage['headers'];
  idempotencyKey: string | null;
  stripeVersion: string | null;
}

/** How a test card behaves when charged, like Stripe's pm_card_* test methods. */
export type CardBehaviour = 'succeed' | 'decline' | 'insufficient_funds' | 'authenticate' | 'processing';

/** Stripe's test payment methods the stand-in knows from the start. */
export const TEST_METHODS: Record<string, { behaviour: CardBehaviour; last4: string; brand: string }> = {
  pm_card_visa: { behaviour: 'succeed', last4: '4242', brand: 'visa' },
  pm_card_mastercard: { behaviour: 'succeed', last4: '4444', brand: 'mastercard' },
  pm_card_chargeDeclined: { behaviour: 'decline', last4: '0002', brand: 'visa' },
  pm_card_chargeDeclinedInsufficientFunds: { behaviour: 'insufficient_funds', last4: '9995', brand: 'visa' },
  pm_card_authenticationRequired: { behaviour: 'authenticate', last4: '3184', brand: 'visa' },
};

export interface Fault {
  /** Answer with this status (an api_error) without doing anything. */
  status?: number;
  /** Do the work, then answer this many milliseconds late (a client that gave up never sees it). */
  delayMs?: number;
  /** Only requests this matches meet the fault (every request when unset). */
  when?: (request: RecordedRequest) => boolean;
}

export interface StripeStandin {
  /** http://127.0.0.1:port, for ProcessorDeps.stripeApiUrl. */
  url: string;
  /** Every API request, in arrival order. */
  requests: RecordedRequest[];
  /** Every event the stand-in's objects produced, in order (as Stripe would send them). */
  events: Stripe.Event[];
  /** The objects it holds, by id (cus_, cs_, seti_, pm_, pi_, ch_, re_, dp_). */
  objects: Map<string, any>;
  webhookSecret: string;
  /** The next `times` API requests (that `fault.when` matches) meet `fault`. */
  failNext(times: number, fault: Fault): void;
  /** The customer saves a card on the Checkout page: the session completes with a new payment method. */
  completeSetup(sessionId: string, behaviour?: CardBehaviour | 'fail_setup'): { setupIntent: any; paymentMethod: any };
  /** The customer finishes (or fails) 3-D Secure for a PaymentIntent in requires_action. */
  authenticate(paymentIntentId: string, outcome: 'complete' | 'fail'): any;
  /** The card's bank opens a dispute on a PaymentIntent's charge, or moves it on. */
  dispute(paymentIntentId: string, status: 'needs_response' | 'under_review' | 'won' | 'lost'): any;
  /** An event's body and its Stripe-Signature header, signed at `timestamp` (unix seconds, now by default). */
  sign(event: Stripe.Event, options?: { timestamp?: number; secret?: string }): { body: string; headers: Record<string, string> };
  /** POSTs a signed event to a URL, as Stripe delivers webhooks; answers the status. */
  deliver(url: string, event: Stripe.Event, options?: { timestamp?: number; secret?: string }): Promise<number>;
  /** The last event of a type. */
  lastEvent(type: string): Stripe.Event;
  close(): Promise<void>;
}

type Answer = { status: number; body: any };

const now = () => Math.floor(Date.now() / 1000);
const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

class StripeFailure extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.message));
    this.status = status;
    this.body = body;
  }
}

const invalid = (message: string, param?: string, code?: string) =>
  new StripeFailure(400, { type: 'invalid_request_error', message, ...(param && { param }), ...(code && { code }) });
const missing = (kind: string, objectId: string, param = 'id') =>
  new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${objectId}'`, param });

export async function startStripeStandin(): Promise<StripeStandin> {
  const objects = new Map<string, any>();
  const behaviours = new Map<string, CardBehaviour>();
  const requests: RecordedRequest[] = [];
  const events: Stripe.Event[] = [];
  const replies = new Map<string, { fingerprint: string; answer: Answer }>();
  const faults: Fault[] = [];
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  let url = '';

  const emit = (type: string, object: any, previous?: Record<string, unknown>) => {
    events.push({
      id: id('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object: structuredClone(object), ...(previous && { previous_attributes: previous }) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event);
  };

  const get = (kind: string, prefix: string, objectId: string, param = 'id') => {
    const found = objects.get(objectId);
    if (!found || !objectId.startsWith(prefix)) throw missing(kind, objectId, param);
    return found;
  };

  const paymentMethod = (pmId: string) => {
    const known = objects.get(pmId);
    if (known) return known;
    const test = TEST_METHODS[pmId];
    if (!test) throw missing('PaymentMethod', pmId, 'payment_method');
    return save(cardMethod(pmId, test.brand, test.last4), test.behaviour);
  };

  function save(pm: any, behaviour: CardBehaviour) {
    objects.set(pm.id, pm);
    behaviours.set(pm.id, behaviour);
    return pm;
  }

  function cardMethod(pmId: string, brand: string, last4: string) {
    return {
      id: pmId,
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null, tax_id: null },
      card: {
        brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: 'US',
        display_brand: brand,
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        fingerprint: `fp${brand}${last4}`,
        funding: 'credit',
        generated_from: null,
        last4,
        networks: { available: [brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: now(),
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
    };
  }

  /** Replaces ids at `expand[]` paths by their objects, as Stripe's expansion does. */
  const expand = (object: any, paths: string[] = []): any => {
    const out = structuredClone(object);
    for (const path of paths) {
      const [head, ...rest] = path.split('.');
      const value = out[head];
      if (typeof value === 'string' && objects.has(value)) out[head] = expand(objects.get(value), rest.length ? [rest.join('.')] : []);
      else if (value && typeof value === 'object' && rest.length) out[head] = expand(value, [rest.join('.')]);
    }
    return out;
  };

  const charge = (pi: any) => {
    const ch = {
      id: id('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: pi.amount,
      amount_refunded: 0,
      balance_transaction: id('txn'),
      captured: true,
      created: now(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: pi.metadata,
      outcome: { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
      paid: true,
      payment_intent: pi.id,
      payment_method: pi.payment_method,
      payment_method_details: { card: objects.get(pi.payment_method)?.card ?? null, type: 'card' },
      refunded: false,
      status: 'succeeded',
    };
    objects.set(ch.id, ch);
    return ch;
  };

  const cardError = (code: string, declineCode: string, message: string, pi: any) => ({
    charge: pi.latest_charge,
    code,
    decline_code: declineCode,
    doc_url: `https://docs.stripe.com/error-codes/${code.replaceAll('_', '-')}`,
    message,
    payment_method: objects.get(pi.payment_method),
    type: 'card_error',
  });

  /** Confirms a PaymentIntent with its card, as Stripe's test cards behave. */
  function confirm(pi: any, offSession: boolean, returnUrl: string | undefined): Answer {
    const behaviour = behaviours.get(pi.payment_method) ?? 'succeed';
    if (behaviour === 'succeed' || behaviour === 'processing' || (behaviour === 'authenticate' && pi.authenticated)) {
      const ch = charge(pi);
      Object.assign(pi, { latest_charge: ch.id, next_action: null, last_payment_error: null });
      if (behaviour === 'processing') {
        pi.status = 'processing';
        emit('payment_intent.processing', pi);
      } else {
        Object.assign(pi, { status: 'succeeded', amount_received: pi.amount });
        emit('charge.succeeded', ch);
        emit('payment_intent.succeeded', pi);
      }
      return { status: 200, body: pi };
    }
    if (behaviour === 'authenticate' && !offSession) {
      if (!returnUrl) throw invalid('A return_url must be specified because this Payment Intent requires a redirect-based authentication.', 'return_url');
      pi.status = 'requires_action';
      pi.next_action = { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url: `${url}/3ds/${pi.id}` } };
      emit('payment_intent.requires_action', pi);
      return { status: 200, body: pi };
    }
    const [code, declineCode, message] =
      behaviour === 'authenticate'
        ? ['authentication_required', 'authentication_required', 'Your card was declined. This transaction requires authentication.']
        : behaviour === 'insufficient_funds'
          ? ['card_declined', 'insufficient_funds', 'Your card has insufficient funds.']
          : ['card_declined', 'generic_decline', 'Your card was declined.'];
    if (behaviour !== 'authenticate') {
      const ch = charge(pi);
      Object.assign(ch, { status: 'failed', paid: false, captured: false, amount_captured: 0, failure_code: code, failure_message: message });
      pi.latest_charge = ch.id;
      emit('charge.failed', ch);
    }
    const error = cardError(code, declineCode, message, pi);
    Object.assign(pi, { status: 'requires_payment_method', next_action: null, last_payment_error: { ...error, payment_intent: undefined } });
    emit('payment_intent.payment_failed', pi);
    return { status: 402, body: { error: { ...error, payment_intent: structuredClone(pi) } } };
  }

  /** Confirms a SetupIntent with its card: a card whose bank authenticates asks for 3-D Secure first. */
  function confirmSetup(seti: any, returnUrl: string | undefined): Answer {
    const behaviour = behaviours.get(seti.payment_method) ?? 'succeed';
    if (behaviour === 'authenticate' && !seti.authenticated) {
      if (!returnUrl) throw invalid('A return_url must be specified because this Setup Intent requires a redirect-based authentication.', 'return_url');
      Object.assign(seti, { status: 'requires_action', next_action: { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url: `${url}/3ds/${seti.id}` } } });
      emit('setup_intent.requires_action', seti);
      return { status: 200, body: seti };
    }
    if (behaviour === 'decline' || behaviour === 'insufficient_funds') {
      const error = { code: 'card_declined', decline_code: behaviour === 'decline' ? 'generic_decline' : 'insufficient_funds', doc_url: 'https://docs.stripe.com/error-codes/card-declined', message: 'Your card was declined.', payment_method: objects.get(seti.payment_method), type: 'card_error' };
      Object.assign(seti, { status: 'requires_payment_method', payment_method: null, next_action: null, last_setup_error: error });
      emit('setup_intent.setup_failed', seti);
      return { status: 402, body: { error: { ...error, setup_intent: structuredClone(seti) } } };
    }
    const pm = objects.get(seti.payment_method);
    if (pm && seti.customer) pm.customer = seti.customer;
    Object.assign(seti, { status: 'succeeded', next_action: null, last_setup_error: null });
    emit('setup_intent.succeeded', seti);
    return { status: 200, body: seti };
  }

  const routes: { method: string; pattern: RegExp; run: (p: Record<string, any>, m: string[]) => Answer }[] = [
    {
      method: 'POST',
      pattern: /^\/v1\/customers$/,
      run: (p) => {
        const customer = { id: id('cus'), object: 'customer', address: null, balance: 0, created: now(), currency: null, default_source: null, delinquent: false, description: p.description ?? null, discount: null, email: p.email ?? null, invoice_prefix: randomBytes(4).toString('hex').toUpperCase(), invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null }, livemode: false, metadata: p.metadata ?? {}, name: p.name ?? null, phone: null, preferred_locales: [], shipping: null, tax_exempt: 'none', test_clock: null };
        objects.set(customer.id, customer);
        emit('customer.created', customer);
        return { status: 200, body: customer };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/checkout\/sessions$/,
      run: (p) => {
        if (p.mode !== 'setup') throw invalid('The stand-in knows setup mode only.', 'mode');
        if (!p.success_url) throw invalid('Missing required param: success_url.', 'success_url');
        if (p.customer) get('customer', 'cus_', p.customer, 'customer');
        if (!p.currency && !p.allowed_payment_method_types) throw invalid('Missing required param: currency.', 'currency');
        const sessionId = id('cs_test');
        const session = { id: sessionId, object: 'checkout.session', cancel_url: p.cancel_url ?? null, client_reference_id: p.client_reference_id ?? null, created: now(), currency: p.currency ?? null, customer: p.customer ?? null, expires_at: now() + 86_400, livemode: false, locale: p.locale ?? null, metadata: p.metadata ?? {}, mode: 'setup', payment_method_types: p.allowed_payment_method_types ?? ['card'], payment_status: 'no_payment_required', setup_intent: null, status: 'open', success_url: p.success_url, ui_mode: 'hosted', url: `${url}/c/pay/${sessionId}`, setup_intent_metadata: p.setup_intent_data?.metadata ?? {} };
        objects.set(session.id, session);
        return { status: 200, body: publicSession(session) };
      },
    },
    { method: 'GET', pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/, run: (p, [sid]) => ({ status: 200, body: expand(publicSession(get('checkout session', 'cs_', sid)), p.expand) }) },
    {
      method: 'POST',
      pattern: /^\/v1\/setup_intents$/,
      run: (p) => {
        if (p.customer) get('customer', 'cus_', p.customer, 'customer');
        const seti: any = { id: id('seti'), object: 'setup_intent', application: null, cancellation_reason: null, client_secret: null, created: now(), customer: p.customer ?? null, description: p.description ?? null, flow_directions: null, last_setup_error: null, latest_attempt: null, livemode: false, mandate: null, metadata: p.metadata ?? {}, next_action: null, payment_method: null, payment_method_types: ['card'], status: 'requires_payment_method', usage: p.usage ?? 'off_session' };
        seti.client_secret = `${seti.id}_secret_${randomBytes(8).toString('hex')}`;
        objects.set(seti.id, seti);
        emit('setup_intent.created', seti);
        if (p.payment_method) Object.assign(seti, { payment_method: paymentMethod(p.payment_method).id, status: 'requires_confirmation' });
        return p.confirm === 'true' ? confirmSetup(seti, p.return_url) : { status: 200, body: seti };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/setup_intents\/([^/]+)\/confirm$/,
      run: (p, [sid]) => {
        const seti = get('setup_intent', 'seti_', sid);
        if (seti.status === 'succeeded') throw invalid('This SetupIntent has already succeeded.', undefined, 'setup_intent_unexpected_state');
        if (p.payment_method) seti.payment_method = paymentMethod(p.payment_method).id;
        return confirmSetup(seti, p.return_url);
      },
    },
    { method: 'GET', pattern: /^\/v1\/setup_intents\/([^/]+)$/, run: (p, [sid]) => ({ status: 200, body: expand(get('setup_intent', 'seti_', sid), p.expand) }) },
    { method: 'GET', pattern: /^\/v1\/payment_methods\/([^/]+)$/, run: (_p, [pid]) => ({ status: 200, body: get('PaymentMethod', 'pm_', pid) }) },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents$/,
      run: (p) => {
        const amount = Number(p.amount);
        if (!Number.isInteger(amount) || amount < 50) throw invalid('Amount must be at least $0.50 usd', 'amount', 'amount_too_small');
        if (!p.currency) throw invalid('Missing required param: currency.', 'currency');
        if (p.customer) get('customer', 'cus_', p.customer, 'customer');
        const pm = p.payment_method ? paymentMethod(p.payment_method) : null;
        if (pm?.customer && p.customer && pm.customer !== p.customer) throw invalid(`The provided PaymentMethod belongs to a different Customer.`, 'payment_method');
        // A saved card is charged only for the customer it is attached to, as Stripe requires.
        if (pm?.customer && !p.customer) throw invalid(`The provided PaymentMethod ${pm.id} is attached to a Customer. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`, 'customer');
        const pi: any = { id: id('pi'), object: 'payment_intent', amount, amount_capturable: 0, amount_received: 0, automatic_payment_methods: null, canceled_at: null, cancellation_reason: null, capture_method: 'automatic_async', client_secret: null, confirmation_method: 'automatic', created: now(), currency: p.currency, customer: p.customer ?? null, description: p.description ?? null, last_payment_error: null, latest_charge: null, livemode: false, metadata: p.metadata ?? {}, next_action: null, payment_method: pm?.id ?? null, payment_method_types: ['card'], setup_future_usage: null, status: 'requires_payment_method', statement_descriptor: null };
        pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString('hex')}`;
        objects.set(pi.id, pi);
        emit('payment_intent.created', pi);
        if (pm && p.confirm !== 'true') pi.status = 'requires_confirmation';
        if (!pm || p.confirm !== 'true') return { status: 200, body: pi };
        return confirm(pi, p.off_session === 'true', p.return_url);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/payment_intents\/search$/,
      run: (p) => {
        // The one clause the processor searches by: metadata['key']:'value'.
        const clause = String(p.query ?? '').match(/^metadata\['([^']+)'\]:'((?:[^'\\]|\\.)*)'$/);
        if (!clause) throw invalid(`The stand-in cannot search by ${p.query}`, 'query');
        const value = clause[2].replace(/\\(.)/g, '$1');
        const data = [...objects.values()].filter((o) => o.object === 'payment_intent' && o.metadata[clause[1]] === value);
        return { status: 200, body: { object: 'search_result', data, has_more: false, next_page: null, url: '/v1/payment_intents/search' } };
      },
    },
    { method: 'GET', pattern: /^\/v1\/payment_intents\/([^/]+)$/, run: (p, [pid]) => ({ status: 200, body: expand(get('payment_intent', 'pi_', pid), p.expand) }) },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/confirm$/,
      run: (p, [pid]) => {
        const pi = get('payment_intent', 'pi_', pid);
        if (pi.status === 'succeeded') throw invalid('This PaymentIntent has already succeeded.', undefined, 'payment_intent_unexpected_state');
        if (p.payment_method) pi.payment_method = paymentMethod(p.payment_method).id;
        return confirm(pi, p.off_session === 'true', p.return_url);
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
      run: (p, [pid]) => {
        const pi = get('payment_intent', 'pi_', pid);
        if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'].includes(pi.status)) {
          throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`, undefined, 'payment_intent_unexpected_state');
        }
        Object.assign(pi, { status: 'canceled', canceled_at: now(), cancellation_reason: p.cancellation_reason ?? null, next_action: null });
        emit('payment_intent.canceled', pi);
        return { status: 200, body: pi };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/refunds$/,
      run: (p) => {
        const pi = get('payment_intent', 'pi_', p.payment_intent, 'payment_intent');
        if (pi.status !== 'succeeded') throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'payment_intent');
        const ch = objects.get(pi.latest_charge);
        const left = ch.amount - ch.amount_refunded;
        const amount = p.amount === undefined ? left : Number(p.amount);
        if (left === 0) throw invalid(`Charge ${ch.id} has already been refunded.`, undefined, 'charge_already_refunded');
        if (amount > left) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount');
        const refund = { id: id('re'), object: 'refund', amount, balance_transaction: id('txn'), charge: ch.id, created: now(), currency: ch.currency, destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' }, metadata: p.metadata ?? {}, payment_intent: pi.id, reason: p.reason ?? null, receipt_number: null, source_transfer_reversal: null, status: 'succeeded', transfer_reversal: null };
        objects.set(refund.id, refund);
        const previous = { amount_refunded: ch.amount_refunded, refunded: ch.refunded };
        ch.amount_refunded += amount;
        ch.refunded = ch.amount_refunded === ch.amount;
        emit('refund.created', refund);
        emit('charge.refunded', ch, previous);
        return { status: 200, body: refund };
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/payment_methods\/([^/]+)\/detach$/,
      run: (_p, [pid]) => {
        const pm = get('PaymentMethod', 'pm_', pid);
        if (!pm.customer) throw invalid(`The payment method you provided is not attached to a customer so detachment is impossible.`, undefined, 'payment_method_unexpected_state');
        const previous = { customer: pm.customer };
        pm.customer = null;
        emit('payment_method.detached', pm, previous);
        return { status: 200, body: pm };
      },
    },
  ];

  /** The session as Stripe shows it (the setup intent's metadata is kept aside until one exists). */
  function publicSession(session: any) {
    const { setup_intent_metadata: _, ...shown } = session;
    return shown;
  }

  function answerApi(method: string, path: string, params: Record<string, any>, headers: IncomingMessage['headers']): Answer {
    if (!/^Bearer (sk|rk)_test_/.test(headers.authorization ?? '')) {
      return { status: 401, body: { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${headers.authorization ?? '(none)'}` } } };
    }
    for (const route of routes) {
      const match = route.method === method && path.match(route.pattern);
      if (!match) continue;
      try {
        return route.run(params, match.slice(1));
      } catch (error) {
        if (error instanceof StripeFailure) return { status: error.status, body: { error: { ...error.body, request_log_url: `https://dashboard.stripe.com/test/logs/${id('req')}` } } };
        throw error;
      }
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } } };
  }

  /** Same Idempotency-Key, same answer; the same key with other parameters is refused, as Stripe refuses it. */
  function idempotent(method: string, path: string, params: Record<string, any>, headers: IncomingMessage['headers']): Answer {
    const key = headers['idempotency-key'] as string | undefined;
    if (method !== 'POST' || !key) return answerApi(method, path, params, headers);
    const fingerprint = JSON.stringify([path, params]);
    const seen = replies.get(key);
    if (seen && seen.fingerprint !== fingerprint) {
      return { status: 400, body: { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } } };
    }
    if (seen) return seen.answer;
    const answer = answerApi(method, path, params, headers);
    replies.set(key, { fingerprint, answer: structuredClone(answer) });
    return answer;
  }

  /** The bare Checkout page: a form that saves a card and comes back to the success URL. */
  function checkoutPage(req: IncomingMessage, res: ServerResponse, sessionId: string, body: string) {
    const session = objects.get(sessionId);
    if (!session) return void res.writeHead(404).end('No such session');
    if (req.method === 'POST') {
      const choice = (qs.parse(body).card as string) ?? 'succeed';
      completeSetup(sessionId, choice as CardBehaviour);
      return void res.writeHead(303, { location: session.success_url.replace('{CHECKOUT_SESSION_ID}', sessionId) }).end();
    }
    const options = Object.entries(TEST_METHODS).map(([, m]) => `<option value="${m.behaviour}">${m.brand} •••• ${m.last4} (${m.behaviour})</option>`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="en"><title>Stripe Checkout stand-in</title><main><h1>Save a card</h1><form method="post"><label>Card <select name="card">${options.join('')}</select></label><button>Save card</button></form><a href="${session.cancel_url ?? '/'}">Cancel</a></main></html>`,
    );
  }

  function authenticate(paymentIntentId: string, outcome: 'complete' | 'fail') {
    if (paymentIntentId.startsWith('seti_')) return authenticateSetup(paymentIntentId, outcome);
    const pi = get('payment_intent', 'pi_', paymentIntentId);
    if (pi.status !== 'requires_action') throw new Error(`${pi.id} is ${pi.status}, not requires_action`);
    if (outcome === 'complete') {
      pi.authenticated = true;
      confirm(pi, false, undefined);
      delete pi.authenticated;
    } else {
      const error = cardError('payment_intent_authentication_failure', '', 'The provided PaymentMethod has failed authentication.', pi);
      Object.assign(pi, { status: 'requires_payment_method', next_action: null, last_payment_error: { ...error, decline_code: undefined } });
      emit('payment_intent.payment_failed', pi);
    }
    return pi;
  }

  function authenticateSetup(setupIntentId: string, outcome: 'complete' | 'fail') {
    const seti = get('setup_intent', 'seti_', setupIntentId);
    if (seti.status !== 'requires_action') throw new Error(`${seti.id} is ${seti.status}, not requires_action`);
    if (outcome === 'complete') {
      seti.authenticated = true;
      confirmSetup(seti, undefined);
      delete seti.authenticated;
    } else {
      const error = { code: 'setup_intent_authentication_failure', message: 'The latest attempt to set up the payment method has failed because authentication failed.', payment_method: objects.get(seti.payment_method), type: 'invalid_request_error' };
      Object.assign(seti, { status: 'requires_payment_method', payment_method: null, next_action: null, last_setup_error: error });
      emit('setup_intent.setup_failed', seti);
    }
    return seti;
  }

  /** The bank's bare 3-D Secure page: the customer completes or fails it and goes back to the return URL, as Stripe sends them. */
  function authenticationPage(req: IncomingMessage, res: ServerResponse, intentId: string, body: string) {
    const pi = objects.get(intentId);
    if (!pi || pi.status !== 'requires_action') return void res.writeHead(404).end('No authentication is awaited');
    if (req.method === 'POST') {
      const back = new URL(pi.next_action.redirect_to_url.return_url);
      const done = authenticate(intentId, qs.parse(body).outcome === 'fail' ? 'fail' : 'complete');
      const kind = pi.object === 'setup_intent' ? 'setup_intent' : 'payment_intent';
      back.searchParams.set(kind, pi.id);
      back.searchParams.set(`${kind}_client_secret`, pi.client_secret);
      back.searchParams.set('redirect_status', done.status === 'succeeded' ? 'succeeded' : 'failed');
      return void res.writeHead(303, { location: back.href }).end();
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="en"><title>3-D Secure stand-in</title><main><h1>Authenticate this payment</h1><form method="post"><button name="outcome" value="complete">Complete</button><button name="outcome" value="fail">Fail</button></form></main></html>`,
    );
  }

  function completeSetup(sessionId: string, behaviour: CardBehaviour | 'fail_setup' = 'succeed') {
    const session = get('checkout session', 'cs_', sessionId);
    const test = Object.values(TEST_METHODS).find((m) => m.behaviour === behaviour) ?? TEST_METHODS.pm_card_visa;
    const pm = save(cardMethod(id('pm'), test.brand, test.last4), behaviour === 'fail_setup' ? 'decline' : behaviour);
    const seti: any = { id: id('seti'), object: 'setup_intent', application: null, cancellation_reason: null, client_secret: null, created: now(), customer: session.customer, description: null, flow_directions: null, last_setup_error: null, latest_attempt: id('setatt'), livemode: false, mandate: null, metadata: session.setup_intent_metadata, next_action: null, payment_method: pm.id, payment_method_types: ['card'], status: 'succeeded', usage: 'off_session' };
    seti.client_secret = `${seti.id}_secret_${randomBytes(8).toString('hex')}`;
    objects.set(seti.id, seti);
    session.setup_intent = seti.id;
    if (behaviour === 'fail_setup') {
      Object.assign(seti, { status: 'requires_payment_method', payment_method: null, last_setup_error: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', type: 'card_error', payment_method: pm } });
      emit('setup_intent.setup_failed', seti);
      return { setupIntent: seti, paymentMethod: pm };
    }
    pm.customer = session.customer;
    emit('payment_method.attached', pm);
    emit('setup_intent.succeeded', seti);
    session.status = 'complete';
    emit('checkout.session.completed', publicSession(session));
    return { setupIntent: seti, paymentMethod: pm };
  }

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '/').split('?');
      const page = path.match(/^\/c\/pay\/([^/]+)$/);
      if (page) return checkoutPage(req, res, page[1], body);
      const challenge = path.match(/^\/3ds\/([^/]+)$/);
      if (challenge) return authenticationPage(req, res, challenge[1], body);
      const params = qs.parse(req.method === 'GET' ? query : body, { depth: 10, arrayLimit: 100 }) as Record<string, any>;
      const header = (name: string) => (req.headers[name] as string | undefined) ?? null;
      const recorded: RecordedRequest = { method: req.method!, path, params, headers: req.headers, idempotencyKey: header('idempotency-key'), stripeVersion: header('stripe-version') };
      requests.push(recorded);
      const at = faults.findIndex((f) => !f.when || f.when(recorded));
      const fault = at < 0 ? undefined : faults.splice(at, 1)[0];
      if (fault?.status) {
        return void res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred' } }));
      }
      const answer = idempotent(req.method!, path, params, req.headers);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req'), 'stripe-version': header('stripe-version') ?? Stripe.API_VERSION }).end(JSON.stringify(answer.body));
      };
      if (fault?.delayMs) setTimeout(send, fault.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign: StripeStandin['sign'] = (event, options = {}) => {
    const body = JSON.stringify(event, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? webhookSecret, timestamp: options.timestamp ?? now() });
    return { body, headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header } };
  };

  return {
    url,
    requests,
    events,
    objects,
    webhookSecret,
    failNext(times, fault) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    completeSetup,
    authenticate,
    dispute(paymentIntentId, status) {
      const pi = get('payment_intent', 'pi_', paymentIntentId);
      const ch = objects.get(pi.latest_charge);
      let dp = [...objects.values()].find((o) => o.object === 'dispute' && o.charge === ch.id);
      const type = dp ? (status === 'won' || status === 'lost' ? 'charge.dispute.closed' : 'charge.dispute.updated') : 'charge.dispute.created';
      if (!dp) {
        dp = { id: id('dp'), object: 'dispute', amount: ch.amount, balance_transactions: [], charge: ch.id, created: now(), currency: ch.currency, evidence_details: { due_by: now() + 7 * 86_400, has_evidence: false, past_due: false, submission_count: 0 }, is_charge_refundable: false, livemode: false, metadata: {}, payment_intent: pi.id, reason: 'fraudulent', status };
        objects.set(dp.id, dp);
        ch.disputed = true;
      }
      const previous = { status: dp.status };
      dp.status = status;
      emit(type, dp, type === 'charge.dispute.created' ? undefined : previous);
      return dp;
    },
    sign,
    async deliver(target, event, options) {
      const { body, headers } = sign(event, options);
      return new Promise<number>((resolve, reject) => {
        const req = httpRequest(target, { method: 'POST', headers: { ...headers, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    lastEvent(type) {
      const event = events.findLast((e) => e.type === type);
      if (!event) throw new Error(`The stand-in sent no ${type} event`);
      return event;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Bursar's Stripe processor for a test-mode project, pointed at a stand-in through the guarded client. */
export function standinProcessor(standin: StripeStandin, options: StripeProcessorOptions = {}): Processor {
  const deps = { projectId: 'proj_standin', livemode: false, client: outgoingClient({ livemode: false }), publicUrl: 'http://127.0.0.1:1', stripeApiUrl: standin.url };
  return createStripeProcessor({ secretKey: 'sk_test_standin', webhookSecret: standin.webhookSecret }, deps, options);
}

export interface StandinFixture {
  standin: StripeStandin;
  stripe: Processor;
  /** The Stripe customer of `customer`, made through the processor. */
  customerRef: string;
}

/** In the enclosing describe: a stand-in, the processor on it and one customer, ready before its tests and closed after. */
export function useStandin(customer: CustomerInput, options: StripeProcessorOptions = {}): StandinFixture {
  const fixture = {} as StandinFixture;
  before(async () => {
    fixture.standin = await startStripeStandin();
    fixture.stripe = standinProcessor(fixture.standin, options);
    fixture.customerRef = await fixture.stripe.ensureCustomer(customer, null);
  });
  after(() => fixture.standin.close());
  return fixture;
}
