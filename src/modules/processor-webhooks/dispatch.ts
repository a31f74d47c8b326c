import type { Ctx } from '../../context.ts';
import type { ProcessorEvent, ProcessorKind } from '../../processors/processor.ts';
import { recordDispute } from '../disputes/record.ts';
import { applyPaymentEvent } from '../payment-intents/processor-outcome.ts';
import { findChargeOfProcessor } from '../payment-intents/repository.ts';
import { applyRefundEvent } from '../refunds/processor-refunds.ts';
import { saveProcessorCard } from '../payment-methods/processor-cards.ts';
import { findProcessorMethod } from '../payment-methods/repository.ts';
import { detachPaymentMethod } from '../payment-methods/service.ts';
import { customerOfProcessorRef } from '../processor-customers/service.ts';
import { applySetupWebhook } from '../setup-intents/remote.ts';
import { customerOfSetup } from '../processor-customers/setup.ts';
import type { ProcessorEventStatus } from './repository.ts';

export type Outcome = { status: ProcessorEventStatus; detail: string | null };

const done = (detail: string | null = null): Outcome => ({ status: 'applied', detail });
const ignored = (detail: string): Outcome => ({ status: 'ignored', detail });

/**
 * Whose card a processor saved: its customer's (by the ref Bursar kept), else the customer
 * who started the collection here, else the one its metadata names.
 */
async function ownerOf(ctx: Ctx, kind: ProcessorKind, event: Extract<ProcessorEvent, { type: 'setup.succeeded' }>): Promise<string | undefined> {
  if (event.customerRef !== null) return customerOfProcessorRef(ctx, kind, event.customerRef);
  return (await customerOfSetup(ctx, kind, event.setupRef)) ?? event.metadata.bursar_customer;
}

/** Applies one verified processor event in the caller's transaction, and says what became of it. */
export async function applyProcessorEvent(ctx: Ctx, kind: ProcessorKind, event: ProcessorEvent): Promise<Outcome> {
  switch (event.type) {
    case 'payment.succeeded':
    case 'payment.failed':
    case 'payment.requires_action':
      await applyPaymentEvent(ctx, event);
      return done();
    case 'setup.succeeded': {
      // A SetupIntent of Bursar's backed by this one: its card is saved already.
      const setup = await applySetupWebhook(ctx, event.setupRef, event.metadata, { status: 'succeeded', ref: event.setupRef });
      if (setup) return done(setup.status === 'succeeded' ? `${setup.id} succeeded.` : `${setup.id} is ${setup.status}.`);
      if (event.method === null) return ignored(`Card collection ${event.setupRef} names no card.`);
      const customer = await ownerOf(ctx, kind, event);
      if (customer === undefined) return ignored(`No customer of this project is ${kind} customer ${event.customerRef}.`);
      const { paymentMethod, saved } = await saveProcessorCard(ctx, kind, customer, event.method);
      return done(saved ? `Saved ${paymentMethod.id}.` : `${paymentMethod.id} was saved before.`);
    }
    case 'method.detached': {
      const method = await findProcessorMethod(ctx.db, ctx.scope, kind, event.methodRef);
      if (!method?.customer) return ignored(`No saved payment method is ${kind} method ${event.methodRef}, or it is detached already.`);
      await detachPaymentMethod(ctx, method.id, { atProcessor: false });
      return done(`Detached ${method.id}.`);
    }
    case 'setup.failed': {
      const setup = await applySetupWebhook(ctx, event.setupRef, event.metadata, { status: 'failed', ref: event.setupRef, code: event.code, declineCode: null, message: event.message });
      if (setup) return done(`${setup.id} is ${setup.status}.`);
      return ignored(`Card collection ${event.setupRef} failed: ${event.message}`);
    }
    case 'ignored':
      return ignored(`Bursar does not act on ${event.processorType}.`);
    case 'payment.refunded': {
      const charge = await findChargeOfProcessor(ctx.db, ctx.scope, kind, event.paymentRef);
      if (!charge) return ignored(`No succeeded charge of this project is ${kind} payment ${event.paymentRef}.`);
      return done((await applyRefundEvent(ctx, charge, event)).join(' ') || null);
    }
    case 'dispute.updated': {
      const charge = await findChargeOfProcessor(ctx.db, ctx.scope, kind, event.paymentRef);
      if (!charge) return ignored(`No succeeded charge of this project is ${kind} payment ${event.paymentRef}.`);
      const dispute = await recordDispute(ctx, charge, { ref: event.disputeRef, amount: event.amount, currency: event.currency, reason: event.reason, status: event.status });
      return done(dispute ? `Recorded ${dispute.id} (${dispute.status}).` : 'The dispute was recorded so before.');
    }
  }
}
