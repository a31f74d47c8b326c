import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_CARDS, cardByHandle } from './test-cards.ts';
import { chargeTestCard, testPaymentMethod, tokenizeTestCard, verifyTestCard } from './test-gateway.ts';

const NOW = 1_767_225_600; // 2026-01-01

describe('test gateway', () => {
  it('gives every test card its own handle, which is not its number', () => {
    assert.equal(cardByHandle.size, TEST_CARDS.length);
    for (const card of TEST_CARDS) {
      const saved = tokenizeTestCard({ number: card.number, exp_month: 1, exp_year: 2030 }, NOW, 'proj_a');
      assert.ok(!saved.gatewayCard.includes(card.number.slice(0, -4)), saved.gatewayCard);
      assert.equal(cardByHandle.get(saved.gatewayCard), card);
    }
  });

  it('makes a saved card decline on attach and on charge as its test card does', () => {
    for (const card of TEST_CARDS) {
      const saved = tokenizeTestCard({ number: card.number, exp_month: 1, exp_year: 2030 }, NOW, 'proj_a');
      const charge = chargeTestCard(saved.gatewayCard, { id: 'pm_x' });
      assert.equal(charge?.code, card.charge?.code, `${card.number} on charge`);
      assert.equal(charge?.declineCode, card.charge?.declineCode);
      const attach = () => verifyTestCard(saved.gatewayCard, { id: 'pm_x' });
      if (card.attach) assert.throws(attach, { code: card.attach.code, declineCode: card.attach.declineCode }, `${card.number} on attach`);
      else assert.doesNotThrow(attach, `${card.number} on attach`);
    }
  });

  it('resolves pm_card_* ids to the same card as its number', () => {
    for (const card of TEST_CARDS.filter((c) => c.paymentMethod)) {
      const byId = testPaymentMethod(card.paymentMethod!, NOW, 'proj_a')!;
      const byNumber = tokenizeTestCard({ number: card.number, exp_month: 1, exp_year: 2030 }, NOW, 'proj_a');
      assert.equal(byId.gatewayCard, byNumber.gatewayCard);
      assert.equal(byId.fingerprint, byNumber.fingerprint);
    }
  });
});
