/** How a test card behaves when attached (a $0 check) and when charged. */
export interface Decline {
  code: string;
  declineCode?: string;
  message: string;
}

export interface TestCard {
  number: string;
  brand: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** Stripe's `pm_card_*` id for this card, if it has one. */
  paymentMethod?: string;
  attach?: Decline;
  charge?: Decline;
  /**
   * When the bank asks the customer to authenticate (3-D Secure): on every charge; on-session
   * charges only; or on-session ones and off-session ones on a card not set up for them.
   */
  authentication?: 'always' | 'on_session' | 'unless_set_up';
  /** How a charge the customer authenticated ends when it still declines. */
  afterAuthentication?: Decline;
  /** The dispute a succeeded charge on this card draws. */
  dispute?: TestDispute;
  /** How a refund of a charge on this card fails (Stripe's refund-failure card). */
  refund?: Decline;
}

export interface TestDispute {
  reason: string;
  status: 'needs_response' | 'warning_needs_response';
}

const declined = (declineCode: string, message = 'Your card was declined.'): Decline => ({
  code: 'card_declined',
  declineCode,
  message,
});
const insufficientFunds = declined('insufficient_funds', 'Your card has insufficient funds.');
const expired: Decline = { code: 'expired_card', message: 'Your card has expired.' };
const incorrectCvc: Decline = { code: 'incorrect_cvc', message: "Your card's security code is incorrect." };
const processingError: Decline = {
  code: 'processing_error',
  message: 'An error occurred while processing your card. Try again in a little bit.',
};

/** Stripe's documented test cards; a decline card declines on attach and on charge alike. */
export const TEST_CARDS: TestCard[] = [
  { number: '4242424242424242', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_visa' },
  { number: '4000056655665556', brand: 'visa', funding: 'debit', country: 'US', paymentMethod: 'pm_card_visa_debit' },
  { number: '5555555555554444', brand: 'mastercard', funding: 'credit', country: 'US', paymentMethod: 'pm_card_mastercard' },
  { number: '2223003122003222', brand: 'mastercard', funding: 'credit', country: 'US' },
  { number: '5200828282828210', brand: 'mastercard', funding: 'debit', country: 'US', paymentMethod: 'pm_card_mastercard_debit' },
  { number: '5105105105105100', brand: 'mastercard', funding: 'prepaid', country: 'US', paymentMethod: 'pm_card_mastercard_prepaid' },
  { number: '378282246310005', brand: 'amex', funding: 'credit', country: 'US', paymentMethod: 'pm_card_amex' },
  { number: '371449635398431', brand: 'amex', funding: 'credit', country: 'US' },
  { number: '6011111111111117', brand: 'discover', funding: 'credit', country: 'US', paymentMethod: 'pm_card_discover' },
  { number: '6011000990139424', brand: 'discover', funding: 'credit', country: 'US' },
  { number: '3056930009020004', brand: 'diners', funding: 'credit', country: 'US', paymentMethod: 'pm_card_diners' },
  { number: '36227206271667', brand: 'diners', funding: 'credit', country: 'US' },
  { number: '3566002020360505', brand: 'jcb', funding: 'credit', country: 'JP', paymentMethod: 'pm_card_jcb' },
  { number: '6200000000000005', brand: 'unionpay', funding: 'credit', country: 'CN', paymentMethod: 'pm_card_unionpay' },
  { number: '4000000000000077', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_bypassPending' },
  { number: '4000000000000002', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeDeclined', attach: declined('generic_decline'), charge: declined('generic_decline') },
  { number: '4000000000009995', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds', attach: insufficientFunds, charge: insufficientFunds },
  { number: '4000000000009987', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeDeclinedLostCard', attach: declined('lost_card'), charge: declined('lost_card') },
  { number: '4000000000009979', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeDeclinedStolenCard', attach: declined('stolen_card'), charge: declined('stolen_card') },
  { number: '4000000000000069', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeDeclinedExpiredCard', attach: expired, charge: expired },
  { number: '4000000000000127', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeDeclinedIncorrectCvc', attach: incorrectCvc, charge: incorrectCvc },
  { number: '4000000000000119', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeDeclinedProcessingError', attach: processingError, charge: processingError },
  { number: '4100000000000019', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_radarBlock', attach: declined('fraudulent'), charge: declined('fraudulent') },
  // Strong Customer Authentication (3-D Secure).
  { number: '4000002500003155', brand: 'visa', funding: 'credit', country: 'IE', paymentMethod: 'pm_card_authenticationRequiredOnSetup', authentication: 'unless_set_up' },
  { number: '4000002760003184', brand: 'visa', funding: 'credit', country: 'DE', paymentMethod: 'pm_card_authenticationRequired', authentication: 'always' },
  { number: '4000003800000446', brand: 'visa', funding: 'credit', country: 'IE', paymentMethod: 'pm_card_authenticationRequiredSetupForOffSession', authentication: 'on_session' },
  { number: '4000000000003220', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_threeDSecure2Required', authentication: 'always' },
  { number: '4000008260003178', brand: 'visa', funding: 'credit', country: 'DE', paymentMethod: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', authentication: 'always', afterAuthentication: insufficientFunds },
  // Charges succeed, then draw a dispute.
  { number: '4000000000000259', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_createDispute', dispute: { reason: 'fraudulent', status: 'needs_response' } },
  { number: '4000000000002685', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_createDisputeProductNotReceived', dispute: { reason: 'product_not_received', status: 'needs_response' } },
  { number: '4000000000001976', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_createDisputeInquiry', dispute: { reason: 'fraudulent', status: 'warning_needs_response' } },
  // Charges succeed; their refunds fail (Stripe fails them a while later, the test gateway at once).
  { number: '4000000000005126', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_refundFail', refund: { code: 'expired_or_canceled_card', message: 'The card the charge was made on is canceled or expired: the refund could not be sent to it.' } },
  // Attaches fine; every charge on it fails: the card for failed renewals.
  { number: '4000000000000341', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeCustomerFail', charge: declined('generic_decline') },
];

export const cardByNumber = new Map(TEST_CARDS.map((c) => [c.number, c]));

export const cardByPaymentMethod = new Map(TEST_CARDS.filter((c) => c.paymentMethod).map((c) => [c.paymentMethod!, c]));

/** The handle a saved card keeps to name its test card (brand and last four): never the number. */
export const handleOf = (card: TestCard): string => `test_card_${card.brand}_${card.number.slice(-4)}`;
export const cardByHandle = new Map(TEST_CARDS.map((c) => [handleOf(c), c]));

/** A saved card whose setup the customer completed (authenticated): off-session charges need no more. */
const SET_UP = '.set_up';

export const setUpRefOf = (card: TestCard): string => `${handleOf(card)}${SET_UP}`;

/** The test card a saved method's ref names, and whether its setup was completed. */
export function cardOfRef(ref: string): { card: TestCard; setUp: boolean } | undefined {
  const setUp = ref.endsWith(SET_UP);
  const card = cardByHandle.get(setUp ? ref.slice(0, -SET_UP.length) : ref);
  return card && { card, setUp };
}
