import { BursarError } from '../../kit/errors.ts';
import type { CardSummary } from '../processor.ts';
import { sha256Hex } from '../../kit/crypto.ts';
import { cardByNumber, cardByPaymentMethod, cardOfRef, handleOf, type Decline, type TestCard } from './test-cards.ts';

/** What Bursar keeps of a card: never the full number. */
export interface CardDetails extends CardSummary {
  /** Which test card this is (not its number): the handle charges are made against. */
  gatewayCard: string;
}

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc?: string | undefined;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function cardError(message: string, code: string, param: string, declineCode?: string): BursarError {
  return BursarError.card(message, code, declineCode, { param });
}

function details(card: TestCard, expMonth: number, expYear: number, projectId: string): CardDetails {
  return {
    brand: card.brand,
    last4: card.number.slice(-4),
    expMonth,
    expYear,
    // Per project, as a Stripe fingerprint is per account: the same card matches only within it.
    fingerprint: sha256Hex(`${projectId}:${card.number}`).slice(0, 16),
    funding: card.funding,
    country: card.country,
    gatewayCard: handleOf(card),
  };
}

/**
 * An expiry date as a card network checks it, for a new card and a saved one alike: a real
 * month, a year (two digits stand for 20xx) at most 50 years ahead, not past. The year in four digits.
 */
export function checkExpiry(expMonth: number, expYear: number, now: number): number {
  const date = new Date(now * 1000);
  const year = date.getUTCFullYear();
  if (expMonth < 1 || expMonth > 12) {
    throw cardError("Your card's expiration month is invalid.", 'invalid_expiry_month', 'card[exp_month]');
  }
  const fullYear = expYear < 100 ? 2000 + expYear : expYear;
  if (fullYear < year || fullYear > year + 50) {
    throw cardError("Your card's expiration year is invalid.", 'invalid_expiry_year', 'card[exp_year]');
  }
  if (fullYear === year && expMonth < date.getUTCMonth() + 1) {
    throw cardError("Your card's expiration date is in the past.", 'expired_card', 'card[exp_month]');
  }
  return fullYear;
}

/** Checks a card number as a card network would, accepting only Stripe's test cards. */
export function tokenizeTestCard(input: CardInput, now: number, projectId: string): CardDetails {
  const digits = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) {
    throw cardError('Your card number is incorrect.', 'incorrect_number', 'card[number]');
  }
  const card = cardByNumber.get(digits);
  if (!card) {
    throw cardError(
      'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
      'card_declined',
      'card[number]',
      'live_mode_test_card',
    );
  }
  const expYear = checkExpiry(input.exp_month, input.exp_year, now);
  if (input.cvc !== undefined && !/^\d{3,4}$/.test(input.cvc)) {
    throw cardError("Your card's security code is invalid.", 'invalid_cvc', 'card[cvc]');
  }
  return details(card, input.exp_month, expYear, projectId);
}

/** Stripe's `pm_card_*` shortcuts (test mode): the card details they stand for. */
export function testPaymentMethod(id: string, now: number, projectId: string): CardDetails | undefined {
  const card = cardByPaymentMethod.get(id);
  return card && testCardDetails(card, now, projectId);
}

/** A test card as saved without an expiry given: valid for three more years. */
export const testCardDetails = (card: TestCard, now: number, projectId: string): CardDetails => details(card, 12, new Date(now * 1000).getUTCFullYear() + 3, projectId);

/** A decline as Stripe answers it: a card error carrying the whole payment method. */
function decline(outcome: Decline, paymentMethod: object): BursarError {
  return BursarError.card(outcome.message, outcome.code, outcome.declineCode, { payment_method: paymentMethod });
}

/** The check a card network makes when a card is saved to a customer. */
export function verifyTestCard(gatewayCard: string, paymentMethod: object): void {
  const outcome = cardOfRef(gatewayCard)?.card.attach;
  if (outcome) throw decline(outcome, paymentMethod);
}

/** A charge attempt: the error it declines with, or null when it succeeds. */
export function chargeTestCard(gatewayCard: string, paymentMethod: object): BursarError | null {
  const outcome = cardOfRef(gatewayCard)?.card.charge;
  return outcome ? decline(outcome, paymentMethod) : null;
}
