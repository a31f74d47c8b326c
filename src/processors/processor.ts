/**
 * What Bursar asks of a payment processor. Bursar keeps customers, subscriptions and
 * invoices; a processor keeps cards and moves money. Every processor (the built-in test
 * gateway, Stripe, later Adyen, Braintree, Mollie, PayPal) is one folder under
 * src/processors/ implementing this interface, chosen per project and mode.
 *
 * Money and the network: a call may time out or fail in unknown ways. Callers record an
 * attempt with its idempotency key and commit before calling; an `unknown` outcome is asked
 * about again with `reconcileCharge` (the same key), never retried under a new one.
 */

export type ProcessorKind = 'test' | 'stripe';

/** A card as the processor reports it: what Bursar shows and stores, never the number. */
export interface CardSummary {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** The same card gives the same fingerprint within one project (Stripe's card.fingerprint). */
  fingerprint: string;
  funding: string;
  country: string | null;
}

/** A payment method saved at the processor for one of its customers. */
export interface SavedMethod {
  /** The processor's id for it (Stripe: pm_…; the test gateway: its card handle). */
  ref: string;
  card: CardSummary;
}

/** Bursar's ids kept with every processor object, so either side can find the other. */
export type ProcessorMetadata = Record<string, string>;

export interface CustomerInput {
  /** Bursar's cus_… id. */
  customer: string;
  email: string | null;
  name: string | null;
}

export interface SetupRequest {
  idempotencyKey: string;
  /** The processor's customer (from `ensureCustomer`). */
  customerRef: string;
  /** Where the processor sends the customer when the card is saved; may carry `{SETUP_REF}`. */
  successUrl: string;
  /** Where the processor sends the customer who gives up. */
  cancelUrl: string;
  locale?: string;
  metadata: ProcessorMetadata;
}

/** A started card collection: the processor's page the customer is sent to. */
export interface SetupStart {
  ref: string;
  url: string;
}

export type SetupOutcome =
  | { status: 'succeeded'; method: SavedMethod }
  | { status: 'requires_action'; actionUrl: string }
  | { status: 'open' }
  | { status: 'failed'; code: string; message: string };

/** Setting up a card the processor holds already for later payments (a SetupIntent at the processor). */
export interface SetupConfirmRequest {
  /** One key per confirmation: a retry of the same one sends the same key. */
  idempotencyKey: string;
  customerRef: string;
  methodRef: string;
  usage: 'on_session' | 'off_session';
  /** Where the customer comes back to after authenticating. */
  returnUrl: string;
  metadata: ProcessorMetadata;
  /** The processor's setup intent of an earlier confirmation, confirmed again; null to make one. */
  ref: string | null;
}

export type SetupConfirmOutcome =
  /** `methodRef`: the card's ref from now on, when being set up changes it (the test gateway's). */
  | { status: 'succeeded'; ref: string; methodRef?: string }
  | { status: 'requires_action'; ref: string; actionUrl: string }
  | { status: 'failed'; ref: string | null; code: string; declineCode: string | null; message: string }
  /** No answer, or one that does not say: the processor's webhook tells the end. */
  | { status: 'unknown'; reason: string };

export interface ChargeRequest {
  /** One key per attempt: a retry of the same attempt sends the same key. */
  idempotencyKey: string;
  amount: number;
  currency: string;
  customerRef: string | null;
  methodRef: string;
  /** The customer is not present (a renewal); false when they pay on a page. */
  offSession: boolean;
  /** Where the customer comes back to after authenticating. */
  returnUrl: string;
  description?: string;
  metadata: ProcessorMetadata;
}

export type ChargeOutcome =
  /** `dispute`: the dispute the charge already drew (the test gateway's dispute cards). */
  | { status: 'succeeded'; ref: string; dispute?: { reason: string; status: string } }
  /** The card's bank asks the customer to authenticate (3-D Secure) at `actionUrl`. */
  | { status: 'requires_action'; ref: string; actionUrl: string }
  /** Money is on its way but not settled (bank debits); a webhook tells the end. */
  | { status: 'processing'; ref: string }
  | { status: 'failed'; ref: string | null; code: string; declineCode: string | null; message: string }
  /** No answer, or an answer that does not say (timeout, 5xx): ask again later with the same key. */
  | { status: 'unknown'; reason: string };

/**
 * What canceling a charge that awaited authentication came to. `succeeded`: the customer
 * authenticated before the cancel arrived and the processor took the money (Stripe refuses to
 * cancel a succeeded PaymentIntent): the caller records that payment.
 */
export type CancelOutcome = { status: 'canceled' } | { status: 'succeeded'; ref: string } | { status: 'unknown'; reason: string };

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface RefundRequest {
  idempotencyKey: string;
  /** The charge's ref, as `charge` answered it. */
  paymentRef: string;
  amount: number;
  currency: string;
  reason: RefundReason | null;
  metadata: ProcessorMetadata;
}

export type RefundOutcome =
  | { status: 'succeeded' | 'pending'; ref: string }
  | { status: 'failed'; ref: string | null; code: string; message: string }
  | { status: 'unknown'; reason: string };

/** A processor's webhook turned into what Bursar acts on; `eventId` makes applying it idempotent. */
export type ProcessorEvent = { eventId: string; created: number } & (
  /** `method` is null when the event names the card without describing it (Stripe's): ask `setupStatus(setupRef)`. */
  | { type: 'setup.succeeded'; setupRef: string; customerRef: string | null; method: SavedMethod | null; metadata: ProcessorMetadata }
  | { type: 'setup.failed'; setupRef: string; code: string; message: string; metadata: ProcessorMetadata }
  | { type: 'payment.succeeded'; paymentRef: string; amount: number; currency: string; metadata: ProcessorMetadata }
  | { type: 'payment.failed'; paymentRef: string; code: string; declineCode: string | null; message: string; metadata: ProcessorMetadata }
  | { type: 'payment.requires_action'; paymentRef: string; actionUrl: string | null; metadata: ProcessorMetadata }
  | { type: 'payment.refunded'; paymentRef: string; amountRefunded: number; refunds: { ref: string; amount: number; status: string }[] }
  | { type: 'dispute.updated'; disputeRef: string; paymentRef: string; amount: number; currency: string; reason: string; status: string }
  | { type: 'method.detached'; methodRef: string }
  /** An event Bursar does not act on: acknowledged and recorded, nothing changes. */
  | { type: 'ignored'; processorType: string }
);

/** A webhook whose signature does not verify, or that is too old (a replay). */
export class ProcessorSignatureError extends Error {
  override name = 'ProcessorSignatureError';
}

export interface Processor {
  readonly kind: ProcessorKind;
  /**
   * Answers in-process without I/O (the test gateway): its calls may run inside a database
   * transaction. A remote processor's never do.
   */
  readonly inline: boolean;
  /** The processor's customer for a Bursar customer: created once, its ref kept by the caller. */
  ensureCustomer(input: CustomerInput, existingRef: string | null): Promise<string>;
  /** Starts card collection on the processor's own page (no card number touches Bursar). */
  startSetup(req: SetupRequest): Promise<SetupStart>;
  /** Where a started collection stands (the customer came back, or a webhook is late). */
  setupStatus(ref: string): Promise<SetupOutcome>;
  /** Sets up a card it holds for later payments, authenticated when the bank asks. Never throws for a decline. */
  confirmSetup(req: SetupConfirmRequest): Promise<SetupConfirmOutcome>;
  /** Charges a saved method. Never throws for a decline or a network fault: the outcome says. */
  charge(req: ChargeRequest): Promise<ChargeOutcome>;
  /** Asks again about a charge whose outcome was unknown, with the request first sent. */
  reconcileCharge(req: ChargeRequest): Promise<ChargeOutcome>;
  /** Where a charge stands now (after the customer authenticated). */
  chargeStatus(ref: string): Promise<ChargeOutcome>;
  /**
   * Cancels a charge left awaiting authentication when another attempt replaced it, so a late
   * authentication cannot take money. One already canceled answers `canceled`. Never throws.
   */
  cancelCharge(ref: string): Promise<CancelOutcome>;
  refund(req: RefundRequest): Promise<RefundOutcome>;
  /** Detaches a saved method at the processor when the customer removes it. */
  detach(methodRef: string): Promise<void>;
  /**
   * Verifies a webhook the processor sent (raw body, headers, its signing secret) and turns
   * it into events; throws ProcessorSignatureError when it does not verify.
   */
  parseWebhook(rawBody: string, headers: Headers, now: number): ProcessorEvent[];
}
