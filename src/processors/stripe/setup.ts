import type Stripe from 'stripe';
import type { SavedMethod, SetupOutcome, SetupRequest, SetupStart } from '../processor.ts';
import { callStripe } from './stripe-errors.ts';

/** Checkout's languages; any other locale lets Stripe choose from the browser. */
const CHECKOUT_LOCALES = new Set(['bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr', 'fr-CA', 'hi-IN', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW']);

/** Bursar's placeholder for the collection's ref in a return URL, and Stripe's for a session's id. */
const SETUP_REF = '{SETUP_REF}';
const CHECKOUT_SESSION_ID = '{CHECKOUT_SESSION_ID}';

/**
 * Card collection on Stripe's own page: a Checkout Session in setup mode (no card number
 * reaches Bursar; SAQ A). Stripe fills in the session's id where the success URL asks for it.
 */
export async function startSetup(stripe: Stripe, req: SetupRequest): Promise<SetupStart> {
  const locale = req.locale && CHECKOUT_LOCALES.has(req.locale) ? req.locale : req.locale?.split('-')[0];
  const session = await callStripe(() =>
    stripe.checkout.sessions.create(
      {
        mode: 'setup',
        customer: req.customerRef,
        allowed_payment_method_types: ['card'],
        success_url: req.successUrl.replaceAll(SETUP_REF, CHECKOUT_SESSION_ID),
        cancel_url: req.cancelUrl,
        locale: (locale && CHECKOUT_LOCALES.has(locale) ? locale : 'auto') as Stripe.Checkout.SessionCreateParams.Locale,
        metadata: req.metadata,
        setup_intent_data: { metadata: req.metadata },
      },
      { idempotencyKey: req.idempotencyKey },
    ),
  );
  return { ref: session.id, url: session.url! };
}

/**
 * Where a collection stands, by the Checkout Session's id (what `startSetup` answered) or the
 * SetupIntent's (what Stripe's setup_intent events name).
 */
export async function setupStatus(stripe: Stripe, ref: string): Promise<SetupOutcome> {
  if (ref.startsWith('seti_')) {
    const intent = await callStripe(() => stripe.setupIntents.retrieve(ref, { expand: ['payment_method'] }));
    return fromSetupIntent(intent);
  }
  const session = await callStripe(() => stripe.checkout.sessions.retrieve(ref, { expand: ['setup_intent.payment_method'] }));
  if (session.status === 'expired') return { status: 'failed', code: 'setup_expired', message: 'The card collection page expired before a card was saved.' };
  const intent = session.setup_intent;
  if (session.status !== 'complete' || !intent || typeof intent === 'string') return { status: 'open' };
  return fromSetupIntent(intent);
}

function fromSetupIntent(intent: Stripe.SetupIntent): SetupOutcome {
  const method = intent.payment_method;
  if (intent.status === 'succeeded' && method && typeof method !== 'string') return { status: 'succeeded', method: savedMethod(method) };
  const redirect = intent.next_action?.redirect_to_url?.url;
  if (intent.status === 'requires_action' && redirect) return { status: 'requires_action', actionUrl: redirect };
  if (intent.status === 'canceled') return { status: 'failed', code: 'setup_canceled', message: 'The card collection was canceled.' };
  return { status: 'open' };
}

/** A Stripe card as Bursar keeps it: what identifies and shows it, never the number. */
export function savedMethod(method: Stripe.PaymentMethod): SavedMethod {
  const card = method.card;
  return {
    ref: method.id,
    card: {
      brand: card?.brand ?? method.type,
      last4: card?.last4 ?? '',
      expMonth: card?.exp_month ?? 0,
      expYear: card?.exp_year ?? 0,
      fingerprint: card?.fingerprint ?? method.id,
      funding: card?.funding ?? 'unknown',
      country: card?.country ?? null,
    },
  };
}
