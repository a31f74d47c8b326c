import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { outgoingClient } from '../../net/client.ts';
import type { ChargeRequest } from '../processor.ts';
import { challengeTokenValid } from './challenge-token.ts';
import { AUTHENTICATION_FAILURE, challengeOutcome, createTestProcessor } from './processor.ts';
import { cardByPaymentMethod, handleOf, setUpRefOf } from './test-cards.ts';

const SECRET = 'challenge-secret-for-tests';
const processor = createTestProcessor({ projectId: 'proj_a', livemode: false, client: outgoingClient({ livemode: false }), publicUrl: 'https://billing.example.com', challengeSecret: SECRET });

const handle = (pm: string) => handleOf(cardByPaymentMethod.get(pm)!);
const request = (methodRef: string, offSession: boolean, idempotencyKey = 'attempt-1'): ChargeRequest => ({
  idempotencyKey,
  amount: 2000,
  currency: 'usd',
  customerRef: null,
  methodRef,
  offSession,
  returnUrl: 'https://billing.example.com/invoices/x',
  metadata: { invoice: 'in_1' },
});

describe('test processor', () => {
  it('answers in-process, so it may be called inside a transaction', () => {
    assert.equal(processor.inline, true);
    assert.equal(processor.kind, 'test');
  });

  it('charges a plain card, and answers the same when asked again with the same key', async () => {
    const first = await processor.charge(request(handle('pm_card_visa'), true));
    assert.equal(first.status, 'succeeded');
    assert.deepEqual(await processor.reconcileCharge(request(handle('pm_card_visa'), true)), first);
    const other = await processor.charge(request(handle('pm_card_visa'), true, 'attempt-2'));
    assert.notEqual((other as { ref: string }).ref, (first as { ref: string }).ref);
  });

  it('declines as the decline cards do', async () => {
    const outcome = await processor.charge(request(handle('pm_card_chargeDeclinedInsufficientFunds'), true));
    assert.deepEqual({ ...outcome, ref: undefined }, { status: 'failed', ref: undefined, code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' });
  });

  it('asks for authentication as Stripe documents each authentication card', async () => {
    const cases: [string, { onSession: boolean; offSession: boolean; offSessionSetUp: boolean }][] = [
      ['pm_card_authenticationRequired', { onSession: true, offSession: true, offSessionSetUp: true }],
      ['pm_card_threeDSecure2Required', { onSession: true, offSession: true, offSessionSetUp: true }],
      ['pm_card_authenticationRequiredOnSetup', { onSession: true, offSession: true, offSessionSetUp: false }],
      ['pm_card_authenticationRequiredSetupForOffSession', { onSession: true, offSession: false, offSessionSetUp: false }],
      ['pm_card_visa', { onSession: false, offSession: false, offSessionSetUp: false }],
    ];
    for (const [pm, expected] of cases) {
      const card = cardByPaymentMethod.get(pm)!;
      const asks = async (ref: string, off: boolean) => (await processor.charge(request(ref, off))).status === 'requires_action';
      assert.equal(await asks(handleOf(card), false), expected.onSession, `${pm} on-session`);
      assert.equal(await asks(handleOf(card), true), expected.offSession, `${pm} off-session`);
      assert.equal(await asks(setUpRefOf(card), true), expected.offSessionSetUp, `${pm} off-session after setup`);
    }
  });

  it('sends the customer to a signed challenge link on Bursar', async () => {
    const outcome = await processor.charge(request(handle('pm_card_authenticationRequired'), true));
    assert.equal(outcome.status, 'requires_action');
    if (outcome.status !== 'requires_action') return;
    const match = /^https:\/\/billing\.example\.com\/test-challenge\/([^/]+)\/([A-Za-z0-9_-]{43})$/.exec(outcome.actionUrl);
    assert.ok(match, outcome.actionUrl);
    assert.equal(match[1], outcome.ref);
    assert.ok(challengeTokenValid(SECRET, outcome.ref, match[2]!));
    assert.ok(!challengeTokenValid('another-secret', outcome.ref, match[2]!));
    assert.deepEqual(await processor.chargeStatus(outcome.ref), outcome);
  });

  it('reports the challenge: completed succeeds (or declines after it), failed is Stripe\'s authentication failure', async () => {
    const ref = async (pm: string) => ((await processor.charge(request(handle(pm), true))) as { ref: string }).ref;
    const about = (eventId: string) => ({ eventId, created: 1, amount: 2000, currency: 'usd', metadata: {} });
    const completed = challengeOutcome(await ref('pm_card_authenticationRequired'), true, about('evt_1'));
    assert.deepEqual(completed.type === 'payment.succeeded' && [completed.amount, completed.currency], [2000, 'usd']);
    const refused = challengeOutcome(await ref('pm_card_authenticationRequired'), false, about('evt_2'));
    assert.equal(refused.type, 'payment.failed');
    assert.equal(refused.type === 'payment.failed' && refused.code, AUTHENTICATION_FAILURE.code);
    const poor = challengeOutcome(await ref('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds'), true, about('evt_3'));
    assert.equal(poor.type === 'payment.failed' && poor.declineCode, 'insufficient_funds');
  });

  it('charges the dispute cards and says which dispute they draw', async () => {
    const fraud = await processor.charge(request(handle('pm_card_createDispute'), true));
    assert.deepEqual(fraud.status === 'succeeded' && fraud.dispute, { reason: 'fraudulent', status: 'needs_response' });
    const inquiry = await processor.charge(request(handle('pm_card_createDisputeInquiry'), true));
    assert.deepEqual(inquiry.status === 'succeeded' && inquiry.dispute, { reason: 'fraudulent', status: 'warning_needs_response' });
  });

  it('refunds its own charges, keeps a stable customer ref, and refuses webhooks', async () => {
    const charged = (await processor.charge(request(handle('pm_card_visa'), true))) as { ref: string };
    assert.equal((await processor.refund({ idempotencyKey: 'r1', paymentRef: charged.ref, amount: 500, currency: 'usd', reason: null, metadata: {} })).status, 'succeeded');
    assert.equal((await processor.refund({ idempotencyKey: 'r2', paymentRef: 'ch_elsewhere', amount: 500, currency: 'usd', reason: null, metadata: {} })).status, 'failed');
    const input = { customer: 'cus_1', email: null, name: null };
    assert.equal(await processor.ensureCustomer(input, null), await processor.ensureCustomer(input, null));
    assert.equal(await processor.ensureCustomer(input, 'tcus_kept'), 'tcus_kept');
    assert.throws(() => processor.parseWebhook('{}', new Headers(), 1), { name: 'ProcessorSignatureError' });
  });

  it('completes a setup as the card was entered, and the saved card then charges off-session without authentication', async () => {
    const setup = await processor.setupStatus('tseti_card_visa_3155');
    assert.equal(setup.status, 'succeeded');
    if (setup.status !== 'succeeded') return;
    assert.equal(setup.method.card.last4, '3155');
    assert.equal((await processor.charge(request(setup.method.ref, true))).status, 'succeeded');
    assert.equal((await processor.setupStatus('tseti_card_visa_0002')).status, 'failed');
    assert.equal((await processor.setupStatus('tseti_0123')).status, 'open');
  });

  it('sets a saved card up for later payments: authenticated first when its bank asks, declined as the decline cards are', async () => {
    const confirm = (pm: string) =>
      processor.confirmSetup({ idempotencyKey: `setup-${pm}`, customerRef: 'tcus_1', methodRef: handle(pm), usage: 'off_session', returnUrl: 'https://app.example.com/done', metadata: {}, ref: null });
    const plain = await confirm('pm_card_visa');
    assert.equal(plain.status, 'succeeded');
    const asks = await confirm('pm_card_authenticationRequiredOnSetup');
    assert.equal(asks.status, 'requires_action');
    if (asks.status === 'requires_action') assert.ok(asks.actionUrl.startsWith('https://billing.example.com/'), asks.actionUrl);
    const declined = await confirm('pm_card_chargeDeclined');
    assert.deepEqual(declined.status === 'failed' && [declined.code, declined.declineCode], ['card_declined', 'generic_decline']);
  });
});
