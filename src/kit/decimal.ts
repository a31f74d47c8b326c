// Percentages reach money math as integers: a decimal such as "12.5" is kept as an exact
// count of hundredths (1250) or ten-thousandths, never as a float that drifts when multiplied.

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** `value` as an integer count of 10^-places, or undefined if it is not a plain decimal with at most `places` decimals. */
export function toScaled(value: string | number, places: number): number | undefined {
  // String(0.1) is "0.1" and String(1e-7) is "1e-7", which the pattern refuses.
  const match = DECIMAL.exec(typeof value === 'number' ? String(value) : value);
  if (!match) return undefined;
  const [, whole, fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > places || whole.length > 12) return undefined;
  return Number(whole) * 10 ** places + Number(fraction.slice(0, places).padEnd(places, '0'));
}

/** The number a scaled integer stands for, as Stripe's JSON shows it (1250 at 2 places → 12.5). */
export function fromScaled(scaled: number, places: number): number {
  // IEEE division is correctly rounded, so this is the double that "12.5" itself parses to.
  return scaled / 10 ** places;
}
