import { sha256Hex } from '../../kit/crypto.ts';
import type { ProcessorDeps } from '../make.ts';
import { ProcessorSignatureError, type ChargeOutcome, type ChargeRequest, type Processor, type ProcessorEvent } from '../processor.ts';
import { challengeUrl } from './challenge-token.ts';
import { cardByHandle, cardOfRef, handleOf, setUpRefOf, type Decline, type TestCard } from './test-cards.ts';
import { testCardDetails } from './test-gateway.ts';

/**
 * The built-in test gateway as a processor: Stripe's test cards, offline. It keeps no state:
 * every answer follows from the card and the request, so asking again with the same
 * idempotency key answers the same, and a charge's ref says which card and answer it had.
 */

/** Stripe's error for a charge the customer failed (or refused) to authenticate. */
export const AUTHENTICATION_FAILURE = {
  code: 'payment_intent_authentication_failure',
  message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
};

const digest = (value: string) => sha256Hex(value).slice(0, 24);
const AUTH_MARK = '_3ds';

/** `tch_<digest of the key>_<brand>_<last4>[_3ds]`: the card, and whether the bank asked for authentication. */
function chargeRef(deps: ProcessorDeps, key: string, card: TestCard, authenticate: boolean): string {
  return `tch_${digest(`${deps.projectId}:${deps.livemode}:${key}`)}_${handleOf(card).slice('test_card_'.length)}${authenticate ? AUTH_MARK : ''}`;
}

/** The test card a charge ref was made on, and whether it asked for authentication. */
export function chargeOfRef(ref: string): { card: TestCard; authenticate: boolean } | undefined {
  const match = /^tch_[0-9a-f]{24}_([a-z]+_\d{4})(_3ds)?$/.exec(ref);
  const card = match ? cardByHandle.get(`test_card_${match[1]}`) : undefined;
  return card && { card, authenticate: match![2] !== undefined };
}

function needsAuthentication(card: TestCard, offSession: boolean, setUp: boolean): boolean {
  switch (card.authentication) {
    case 'always':
      return true;
    case 'on_session':
      return !offSession;
    case 'unless_set_up':
      return !offSession || !setUp;
    default:
      return false;
  }
}

const failed = (ref: string | null, d: Decline): ChargeOutcome => ({ status: 'failed', ref, code: d.code, declineCode: d.declineCode ?? null, message: d.message });

/** How a charge ends once its card answered (and, for one that asked, once the customer authenticated). */
function settled(ref: string, card: TestCard, authenticated: boolean): ChargeOutcome {
  const decline = authenticated ? (card.afterAuthentication ?? card.charge) : card.charge;
  if (decline) return failed(ref, decline);
  return card.dispute ? { status: 'succeeded', ref, dispute: { ...card.dispute } } : { status: 'succeeded', ref };
}

/**
 * What the test gateway's challenge page reports when the customer completes or fails
 * authentication of a charge: the event a real processor's webhook would bring.
 */
export function challengeOutcome(ref: string, completed: boolean, about: ChallengeAbout): Extract<ProcessorEvent, { type: 'payment.succeeded' | 'payment.failed' }> {
  const { eventId, created, amount, currency, metadata } = about;
  const charge = chargeOfRef(ref);
  const outcome: ChargeOutcome = !charge || !completed ? failed(ref, AUTHENTICATION_FAILURE) : settled(ref, charge.card, true);
  if (outcome.status === 'failed') {
    return { eventId, created, type: 'payment.failed', paymentRef: ref, code: outcome.code, declineCode: outcome.declineCode, message: outcome.message, metadata };
  }
  return { eventId, created, type: 'payment.succeeded', paymentRef: ref, amount, currency, metadata };
}

/** How the test gateway answers setting up a saved card for later payments (a SetupIntent). */
export type TestSetupOutcome =
  /** `methodRef`: the saved card's new ref, set up: off-session charges on it need no more authentication. */
  | { status: 'succeeded'; methodRef: string }
  /** The bank asks the customer first: `ref` names the challenge (`tset_<digest>_<brand>_<last4>`). */
  | { status: 'requires_action'; ref: string }
  | { status: 'failed'; code: string; declineCode: string | null; message: string };

const SETUP_REF = /^tset_[0-9a-f]{24}_([a-z]+_\d{4})$/;

/** Sets up the saved card `methodRef` for setup `setupId`: a card whose bank authenticates asks for it first (Stripe's 3155, 0446 …). */
export function setUpTestCard(methodRef: string, setupId: string, scope: { projectId: string; livemode: boolean }): TestSetupOutcome {
  const saved = cardOfRef(methodRef);
  if (!saved) return { status: 'failed', code: 'resource_missing', declineCode: null, message: `No such PaymentMethod: '${methodRef}'` };
  const { card } = saved;
  if (card.attach) return { status: 'failed', code: card.attach.code, declineCode: card.attach.declineCode ?? null, message: card.attach.message };
  if (card.authentication === undefined || saved.setUp) return { status: 'succeeded', methodRef: setUpRefOf(card) };
  return { status: 'requires_action', ref: `tset_${digest(`${scope.projectId}:${scope.livemode}:${setupId}`)}_${handleOf(card).slice('test_card_'.length)}` };
}

/** What the challenge page reports for a setup's challenge `ref`: the card set up, or the authentication failed. */
export function setupChallengeOutcome(ref: string, completed: boolean): TestSetupOutcome {
  const card = cardByHandle.get(`test_card_${SETUP_REF.exec(ref)?.[1] ?? ''}`);
  if (!card || !completed) return { status: 'failed', code: AUTHENTICATION_FAILURE.code, declineCode: null, message: AUTHENTICATION_FAILURE.message };
  return { status: 'succeeded', methodRef: setUpRefOf(card) };
}

/** Whether a challenge ref is a setup's (else a charge's). */
export const isSetupChallenge = (ref: string): boolean => SETUP_REF.test(ref);

/** What the challenge page knows of the charge it reports on (the processor keeps nothing). */
export interface ChallengeAbout {
  eventId: string;
  created: number;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
}

export function createTestProcessor(deps: ProcessorDeps): Processor {
  const actionUrl = (ref: string) => {
    if (deps.challengeSecret === undefined) throw new Error('The test processor needs its challenge secret.');
    return challengeUrl(deps.publicUrl, deps.challengeSecret, ref);
  };

  const charge = async (req: ChargeRequest): Promise<ChargeOutcome> => {
    const saved = cardOfRef(req.methodRef);
    if (!saved) return { status: 'failed', ref: null, code: 'resource_missing', declineCode: null, message: `No such PaymentMethod: '${req.methodRef}'` };
    const authenticate = needsAuthentication(saved.card, req.offSession, saved.setUp);
    const ref = chargeRef(deps, req.idempotencyKey, saved.card, authenticate);
    // A card that declines outright does so before any authentication is asked for.
    if (saved.card.charge) return failed(ref, saved.card.charge);
    return authenticate ? { status: 'requires_action', ref, actionUrl: actionUrl(ref) } : settled(ref, saved.card, false);
  };

  return {
    kind: 'test',
    inline: true,
    async ensureCustomer(input, existingRef) {
      return existingRef ?? `tcus_${digest(`${deps.projectId}:${deps.livemode}:${input.customer}`)}`;
    },
    async startSetup(req) {
      const ref = `tseti_${digest(`${deps.projectId}:${deps.livemode}:${req.idempotencyKey}`)}`;
      return { ref, url: `${deps.publicUrl}/test-setup/${ref}` };
    },
    // A completed test setup names its card: `tseti_card_<brand>_<last4>`.
    async setupStatus(ref) {
      const card = ref.startsWith('tseti_card_') ? cardByHandle.get(`test_card_${ref.slice('tseti_card_'.length)}`) : undefined;
      if (!card) return { status: 'open' };
      if (card.attach) return { status: 'failed', code: card.attach.code, message: card.attach.message };
      const { gatewayCard: _, ...summary } = testCardDetails(card, Math.floor(Date.now() / 1000), deps.projectId);
      return { status: 'succeeded', method: { ref: setUpRefOf(card), card: summary } };
    },
    // As the setup intents' own confirmation does (setup-intents/confirm.ts), statelessly.
    async confirmSetup(req) {
      const ref = `tseti_${digest(`${deps.projectId}:${deps.livemode}:${req.idempotencyKey}`)}`;
      const outcome = setUpTestCard(req.methodRef, ref, deps);
      if (outcome.status === 'failed') return { ...outcome, ref };
      return outcome.status === 'succeeded' ? { status: 'succeeded', ref, methodRef: outcome.methodRef } : { status: 'requires_action', ref: outcome.ref, actionUrl: actionUrl(outcome.ref) };
    },
    charge,
    // Stateless: asking again with the same request answers what the first call answered.
    reconcileCharge: charge,
    async chargeStatus(ref) {
      const charge = chargeOfRef(ref);
      if (!charge) return { status: 'failed', ref, code: 'resource_missing', declineCode: null, message: `No such charge: '${ref}'` };
      if (charge.card.charge) return failed(ref, charge.card.charge);
      return charge.authenticate ? { status: 'requires_action', ref, actionUrl: actionUrl(ref) } : settled(ref, charge.card, false);
    },
    // Nothing is open at a bank: the challenge page only answers attempts still awaiting
    // authentication, so a superseded one can no longer complete.
    async cancelCharge() {
      return { status: 'canceled' };
    },
    async refund(req) {
      const charge = chargeOfRef(req.paymentRef);
      if (!charge) return { status: 'failed', ref: null, code: 'resource_missing', message: `No such charge: '${req.paymentRef}'` };
      const ref = `tre_${digest(`${deps.projectId}:${deps.livemode}:${req.idempotencyKey}`)}`;
      const failure = charge.card.refund;
      return failure ? { status: 'failed', ref, code: failure.code, message: failure.message } : { status: 'succeeded', ref };
    },
    // The test gateway keeps no cards of its own: nothing to detach.
    async detach() {},
    parseWebhook() {
      throw new ProcessorSignatureError('The test gateway sends no webhooks: its outcomes are reported in-process.');
    },
  };
}
