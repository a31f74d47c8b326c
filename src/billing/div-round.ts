// The one rounding rule of Bursar's billing math: an exact integer quotient rounded
// to the nearest minor unit, halves away from zero (0.5 → 1, −0.5 → −1), so a credit
// and the matching charge round to the same magnitude. BigInt keeps products such as
// amount × seconds exact beyond 2^53. A result past 2^53 − 1 is refused (a 400), never
// rounded into a wrong amount.
import { BursarError } from '../kit/errors.ts';

/** The refusal of an amount that cannot be computed exactly. */
const tooLarge = () =>
  BursarError.invalid(`The amounts add up to more than ${Number.MAX_SAFE_INTEGER} minor units, past what can be computed exactly.`);

/** An exact integer result as a number, refused when it passes Number.MAX_SAFE_INTEGER. */
export function exact(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw tooLarge();
  return result;
}

/** round(numer / denom), halves away from zero, as a safe integer. */
export function divRound(numer: bigint, denom: bigint): number {
  if (denom === 0n) throw new RangeError('division by zero');
  if (denom < 0n) {
    numer = -numer;
    denom = -denom;
  }
  const negative = numer < 0n;
  const magnitude = negative ? -numer : numer;
  const q = (magnitude * 2n + denom) / (denom * 2n);
  return exact(negative ? -q : q);
}

/** Integer check for amounts entering the math: minor units are whole numbers. */
export function toBig(amount: number, what = 'amount'): bigint {
  if (!Number.isInteger(amount)) throw new RangeError(`${what} must be an integer number of minor units, got ${amount}`);
  if (!Number.isSafeInteger(amount)) throw tooLarge();
  return BigInt(amount);
}
