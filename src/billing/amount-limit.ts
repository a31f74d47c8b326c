// Stripe's bounds on money: every amount a request gives, every line and every charge
// fits in eight digits of minor units. Inside them the math stays exact (far below 2^53).
import { BursarError } from '../kit/errors.ts';
import { formatMoney } from '../kit/format-money.ts';

/** The largest amount Stripe takes: 99,999,999 minor units ($999,999.99, ¥99,999,999). */
export const MAX_AMOUNT = 99_999_999;

const largest = (currency: string) => `${formatMoney(MAX_AMOUNT, currency)} ${currency.toUpperCase()}`;

/** What one line bills, unit amount × quantity, refused (naming `param`) past MAX_AMOUNT as Stripe does. */
export function lineAmount(unitAmount: number, quantity: number, currency: string, param: string): number {
  const amount = unitAmount * quantity;
  // Both factors are at most MAX_AMOUNT, so a product past it is still compared correctly.
  if (amount > MAX_AMOUNT) {
    throw BursarError.invalid(`Invalid ${param}: total amount (quantity * unit amount) must be no more than ${largest(currency)}`, param, 'parameter_invalid');
  }
  return amount;
}

/** An amount to charge, refused past MAX_AMOUNT: no processor takes it. */
export function requireChargeable(amount: number, currency: string): void {
  if (amount > MAX_AMOUNT) {
    throw BursarError.invalid(`The amount due, ${formatMoney(amount, currency)}, is more than the largest amount that can be charged, ${largest(currency)}.`);
  }
}

/**
 * What a subscription's items bill together each period, refused (naming `param`) past
 * MAX_AMOUNT: every renewal would be an invoice no processor can charge.
 */
export function periodAmount(lines: readonly { unitAmount: number; quantity: number }[], currency: string, param: string): number {
  const amount = lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0);
  if (amount > MAX_AMOUNT) {
    throw BursarError.invalid(`Invalid ${param}: together the items bill ${formatMoney(amount, currency)} a period, more than the largest amount that can be charged, ${largest(currency)}.`, param, 'parameter_invalid');
  }
  return amount;
}
