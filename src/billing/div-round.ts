// The one rounding rule of Bursar's billing math: an exact integer quotient rounded
// to the nearest minor unit, halves away from zero (0.5 → 1, −0.5 → −1), so a credit
// and the matching charge round to the same magnitude. BigInt keeps products such as
// amount × seconds exact beyond 2^53.

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
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount is too large');
  return result;
}

/** Integer check for amounts entering the math: minor units are whole numbers. */
export function toBig(amount: number, what = 'amount'): bigint {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${what} must be an integer number of minor units, got ${amount}`);
  return BigInt(amount);
}
