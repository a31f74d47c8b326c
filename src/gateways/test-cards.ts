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
  // Attaches fine; every charge on it fails: the card for failed renewals.
  { number: '4000000000000341', brand: 'visa', funding: 'credit', country: 'US', paymentMethod: 'pm_card_chargeCustomerFail', charge: declined('generic_decline') },
];

export const cardByNumber = new Map(TEST_CARDS.map((c) => [c.number, c]));

export const cardByPaymentMethod = new Map(TEST_CARDS.filter((c) => c.paymentMethod).map((c) => [c.paymentMethod!, c]));

/** The handle a saved card keeps to name its test card (brand and last four): never the number. */
export const handleOf = (card: TestCard): string => `test_card_${card.brand}_${card.number.slice(-4)}`;
export const cardByHandle = new Map(TEST_CARDS.map((c) => [handleOf(c), c]));
