import { it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTotals } from './totals.ts';
import { balanceUse } from './balance-use.ts';

const use = (lineAmount: number, starting_balance: number) => {
  const totals = computeTotals({ currency: 'usd', lines: [{ amount: lineAmount }], starting_balance });
  return { due: totals.amount_due, ...balanceUse(totals) };
};

it('splits what the balance does to an invoice into rows that add up to the amount due', () => {
  assert.deepEqual(use(1000, 0), { due: 1000, applied: 0, credited: 0 });
  assert.deepEqual(use(1000, -355), { due: 645, applied: -355, credited: 0 }, 'credit used');
  assert.deepEqual(use(300, -500), { due: 0, applied: -300, credited: 0 }, 'credit partly used, the rest stays');
  assert.deepEqual(use(1000, 200), { due: 1200, applied: 200, credited: 0 }, 'a debt billed');
  assert.deepEqual(use(-1800, 0), { due: 0, applied: 0, credited: 1800 }, 'a downgrade credit becomes balance');
  assert.deepEqual(use(-500, -100), { due: 0, applied: 0, credited: 500 }, 'added to credit already there');
  assert.deepEqual(use(-500, 800), { due: 300, applied: 800, credited: 0 }, 'a credit smaller than the debt lowers what is billed');
  assert.deepEqual(use(-500, 200), { due: 0, applied: 200, credited: 300 }, 'a debt paid off by the credit, the rest credited');
  for (const [amount, balance] of [[1000, -355], [-1800, 0], [-500, 800], [-500, 200], [0, -5]]) {
    const totals = computeTotals({ currency: 'usd', lines: [{ amount }], starting_balance: balance });
    const { applied, credited } = balanceUse(totals);
    assert.equal(totals.total + applied + credited, totals.amount_due);
    assert.ok(totals.amount_due >= 0);
  }
});
