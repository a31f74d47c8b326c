import type { Ctx } from '../../context.ts';
import { inTransaction } from '../../db/after-commit.ts';
import { BursarError } from '../../kit/errors.ts';
import type { Processor, ProcessorMetadata, SetupConfirmOutcome } from '../../processors/processor.ts';
import { recordEvent } from '../events/service.ts';
import { publicUrlOf } from '../invoices/links.ts';
import { findPaymentMethod } from '../payment-methods/repository.ts';
import { processorCustomerRef } from '../processor-customers/service.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { failedSetupPatch } from './failure.ts';
import { SETUP_OUTCOME_EVENTS, toSetupIntent } from './object.ts';
import { findSetupIntent, findSetupOfProcessorRef, transitionSetupIntent, type SetupIntentRow } from './repository.ts';

// A setup through a remote processor (Stripe) is backed by the processor's own SetupIntent.
// Confirming records the setup as processing in the request's transaction; the processor is
// called after commit (its customer made first, if need be) and its answer settled in a
// transaction of its own; its webhook tells an end the answer did not.

/** Records a confirmation with a card the processor holds; the call follows the commit. */
export async function recordRemoteSetup(ctx: Ctx, processor: Processor, setup: SetupIntentRow, id: string): Promise<SetupIntentRow> {
  const method = await findPaymentMethod(ctx.db, ctx.scope, id);
  if (!method) throw BursarError.notFound('PaymentMethod', id, 'payment_method');
  if (method.processor !== processor.kind) {
    throw BursarError.invalid(`The payment method supplied (${id}) was not saved through ${processor.kind}, this mode's processor: save the card on its page first.`, 'payment_method');
  }
  if (method.customer === null || (setup.customer !== null && method.customer !== setup.customer)) {
    throw BursarError.invalid(`The payment method supplied (${id}) does not belong to this SetupIntent's customer.`, 'payment_method');
  }
  const moved = await transitionSetupIntent(ctx.db, ctx.scope, setup.id, [setup.status], { status: 'processing', customer: method.customer, payment_method: method.id, last_setup_error: null, next_action_url: null });
  if (!moved) throw BursarError.invalid('This SetupIntent is being confirmed already.', undefined, 'setup_intent_unexpected_state');
  if (!ctx.db.isTransaction) return callRecordedSetup(ctx, moved.id);
  if (!ctx.remoteCharges) throw BursarError.internal('A remote payment processor cannot be called inside this transaction.');
  ctx.remoteCharges.push(moved.id);
  return moved;
}

/** Calls the processor about a setup a committed transaction recorded, and settles its answer. */
export async function callRecordedSetup(ctx: Ctx, id: string): Promise<SetupIntentRow> {
  const setup = (await findSetupIntent(ctx.db, ctx.scope, id))!;
  const method = (await findPaymentMethod(ctx.db, ctx.scope, setup.payment_method!))!;
  const processor = await processorFor(ctx);
  let customerRef: string;
  try {
    customerRef = await processorCustomerRef(ctx, processor, setup.customer!);
  } catch (error) {
    // Stripe was never asked about the setup: it can be confirmed again.
    await transitionSetupIntent(ctx.db, ctx.scope, setup.id, ['processing'], { status: 'requires_confirmation' });
    throw error;
  }
  const outcome = await processor.confirmSetup({
    // One key per card confirmed on one processor setup: a retry replays Stripe's first answer.
    idempotencyKey: `bursar_${setup.id}_${setup.processor_ref ?? 'create'}_${method.id}`,
    customerRef,
    methodRef: method.gateway_card,
    usage: setup.usage === 'on_session' ? 'on_session' : 'off_session',
    // Stripe asks for one whenever the bank may send the customer to authenticate.
    returnUrl: setup.return_url ?? `${publicUrlOf(ctx)}/`,
    metadata: { bursar_setup_intent: setup.id, bursar_customer: setup.customer!, bursar_payment_method: method.id },
    ref: setup.processor_ref,
  });
  return inTransaction(ctx.db, (trx) => settleRemoteSetup({ ...ctx, db: trx }, setup, outcome));
}

/** Applies the processor's answer (or its webhook's) to a setup, once, with the setup's event. */
export async function settleRemoteSetup(ctx: Ctx, setup: SetupIntentRow, outcome: SetupConfirmOutcome): Promise<SetupIntentRow> {
  if (outcome.status === 'unknown') return setup;
  const moved = await transitionSetupIntent(ctx.db, ctx.scope, setup.id, ['processing', 'requires_action'], patchOf(setup, outcome));
  if (!moved) return setup;
  await recordEvent(ctx, SETUP_OUTCOME_EVENTS[outcome.status], await toSetupIntent(ctx, moved));
  return moved;
}

function patchOf(setup: SetupIntentRow, outcome: Exclude<SetupConfirmOutcome, { status: 'unknown' }>) {
  switch (outcome.status) {
    case 'succeeded':
      return { status: 'succeeded', processor_ref: outcome.ref, next_action_url: null, last_setup_error: null };
    case 'requires_action':
      return { status: 'requires_action', processor_ref: outcome.ref, next_action_url: outcome.actionUrl, last_setup_error: null };
    case 'failed':
      return { ...failedSetupPatch(setup.payment_method, outcome), processor_ref: outcome.ref ?? setup.processor_ref, next_action_url: null };
  }
}

/**
 * The setup a processor's setup intent backs, moved on by its webhook; undefined when none
 * does. One whose confirmation went unanswered knows no ref yet: the metadata names it.
 */
export async function applySetupWebhook(ctx: Ctx, ref: string, metadata: ProcessorMetadata, outcome: SetupConfirmOutcome): Promise<SetupIntentRow | undefined> {
  const byRef = await findSetupOfProcessorRef(ctx.db, ctx.scope, ref);
  const named = byRef ?? (metadata.bursar_setup_intent === undefined ? undefined : await findSetupIntent(ctx.db, ctx.scope, metadata.bursar_setup_intent));
  const setup = named && (named.processor_ref === ref || (named.processor_ref === null && named.status === 'processing')) ? named : undefined;
  return setup && settleRemoteSetup(ctx, setup, outcome);
}
