import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { setUpTestCard, setupChallengeOutcome, type TestSetupOutcome } from '../../processors/test/processor.ts';
import { cardByPaymentMethod } from '../../processors/test/test-cards.ts';
import { recordEvent } from '../events/service.ts';
import { findPaymentMethod, updatePaymentMethodRow, type PaymentMethodRow } from '../payment-methods/repository.ts';
import { attachPaymentMethod } from '../payment-methods/service.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { failedSetupPatch } from './failure.ts';
import { SETUP_OUTCOME_EVENTS, toSetupIntent } from './object.ts';
import { recordRemoteSetup } from './remote.ts';
import { transitionSetupIntent, type SetupIntentRow } from './repository.ts';

// Setting a card up through the test gateway, which answers in-process: a card whose bank
// authenticates asks the customer on the test challenge page first; once set up, off-session
// charges on it need no more authentication (the test processor reads that from its ref).

export const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** The saved card a setup uses: the customer's own, or one of Stripe's test ids saved to the customer now. */
async function methodFor(ctx: Ctx, setup: SetupIntentRow, id: string): Promise<PaymentMethodRow | Extract<TestSetupOutcome, { status: 'failed' }>> {
  const saved = await findPaymentMethod(ctx.db, ctx.scope, id);
  if (saved) {
    if (setup.customer !== null && saved.customer !== setup.customer) {
      throw BursarError.invalid(`The payment method supplied (${id}) belongs to another Customer than this SetupIntent's (${setup.customer}).`, 'payment_method');
    }
    return saved;
  }
  const test = cardByPaymentMethod.get(id);
  if (!test) throw BursarError.notFound('PaymentMethod', id, 'payment_method');
  // A card its bank declines is never saved: the setup fails.
  if (test.attach) return { status: 'failed', code: test.attach.code, declineCode: test.attach.declineCode ?? null, message: test.attach.message };
  if (setup.customer === null) throw BursarError.invalid('A SetupIntent without a customer cannot save a card for later: set its customer.', 'customer');
  const attached = await attachPaymentMethod(ctx, id, setup.customer, 'payment_method');
  return (await findPaymentMethod(ctx.db, ctx.scope, attached.id))!;
}

/** Applies the test gateway's answer to the setup and the card, with the setup's event. */
async function settleSetup(ctx: Ctx, setup: SetupIntentRow, method: PaymentMethodRow | null, outcome: TestSetupOutcome, from: readonly string[]): Promise<SetupIntentRow> {
  const moved = await transitionSetupIntent(ctx.db, ctx.scope, setup.id, from, settledPatch(method, outcome));
  if (!moved) return setup;
  if (outcome.status === 'succeeded' && method) await updatePaymentMethodRow(ctx.db, ctx.scope, method.id, { gateway_card: outcome.methodRef });
  await recordEvent(ctx, SETUP_OUTCOME_EVENTS[outcome.status], await toSetupIntent(ctx, moved));
  return moved;
}

function settledPatch(method: PaymentMethodRow | null, outcome: TestSetupOutcome) {
  const payment_method = method?.id ?? null;
  switch (outcome.status) {
    case 'succeeded':
      return { status: 'succeeded', payment_method, processor_ref: null, last_setup_error: null };
    case 'requires_action':
      return { status: 'requires_action', payment_method, processor_ref: outcome.ref, last_setup_error: null };
    case 'failed':
      return { ...failedSetupPatch(payment_method, outcome), processor_ref: null };
  }
}

/** Confirms a setup with its card (or `paymentMethod`): set up, waiting for authentication, or failed. */
export async function runSetup(ctx: Ctx, setup: SetupIntentRow, paymentMethod: string | null): Promise<SetupIntentRow> {
  if (!CONFIRMABLE.includes(setup.status)) {
    throw BursarError.invalid(`You cannot confirm this SetupIntent because it has a status of ${setup.status}.`, undefined, 'setup_intent_unexpected_state');
  }
  const id = paymentMethod ?? setup.payment_method;
  if (id === null) {
    throw BursarError.invalid("You cannot confirm this SetupIntent because it's missing a payment method. Update it with a payment_method, or confirm it again passing one.", 'payment_method', 'setup_intent_unexpected_state');
  }
  const processor = await processorFor(ctx);
  if (!processor.inline) return recordRemoteSetup(ctx, processor, setup, id);
  const method = await methodFor(ctx, setup, id);
  if ('status' in method) return settleSetup(ctx, setup, null, method, CONFIRMABLE);
  return settleSetup(ctx, setup, method, setUpTestCard(method.gateway_card, setup.id, ctx.scope), CONFIRMABLE);
}

/** The customer answered the test challenge of a setup: set up, or its authentication failed. */
export async function answerSetupChallenge(ctx: Ctx, setup: SetupIntentRow, completed: boolean): Promise<SetupIntentRow> {
  const method = setup.payment_method === null ? null : ((await findPaymentMethod(ctx.db, ctx.scope, setup.payment_method)) ?? null);
  return settleSetup(ctx, setup, method, setupChallengeOutcome(setup.processor_ref ?? '', completed), ['requires_action']);
}
