// Splits an integer amount over weighted parts so the parts sum to it exactly
// (largest remainder): how an invoice-level discount becomes per-line discount_amounts.
import { toBig } from './div-round.ts';

/**
 * Shares of `total` proportional to `weights` (which may include negative ones, e.g.
 * proration credits, but must have a positive sum). Each share is floor(total × w / sum);
 * the units left over go one each to the largest fractional remainders, ties to the
 * earlier part, so the result is deterministic and sums to `total`.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const t = toBig(total, 'total');
  const w = weights.map((x) => toBig(x, 'weight'));
  const sum = w.reduce((a, b) => a + b, 0n);
  if (sum <= 0n) throw new RangeError('weights must have a positive sum');
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  for (const x of w) {
    const p = t * x;
    // Floor division toward −∞, with a non-negative remainder, for either sign of p.
    let q = p / sum;
    let r = p % sum;
    if (r < 0n) {
      q -= 1n;
      r += sum;
    }
    floors.push(q);
    remainders.push(r);
  }
  // Floors never sum above total, and fall short by fewer units than there are parts.
  let left = t - floors.reduce((a, b) => a + b, 0n);
  const order = remainders.map((r, i) => [r, i] as const).sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] > b[0] ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) floors[order[k][1]] += 1n;
  return floors.map(Number);
}
