import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { newToken } from '../../kit/ids.ts';
import type { Processor, SetupOutcome } from '../../processors/processor.ts';
import { findSetupCustomer, insertProcessorSetup } from './repository.ts';
import { processorCustomerRef } from './service.ts';

// Card collection on a processor's own page: no card number touches Bursar. Both calls reach
// the processor: never inside a database transaction.

/** Starts collecting a card for the customer on the processor's page; answers where to send them. */
export async function startCardSetup(ctx: Ctx, processor: Processor, customerId: string, urls: { success: string; cancel: string }, locale?: string): Promise<string> {
  const customerRef = await processorCustomerRef(ctx, processor, customerId);
  const start = await processor.startSetup({
    // Each start is its own attempt: a customer who starts again gets a new page.
    idempotencyKey: `setup_${newToken(16)}`,
    customerRef,
    successUrl: urls.success,
    cancelUrl: urls.cancel,
    locale,
    metadata: { bursar_customer: customerId },
  });
  await insertProcessorSetup(ctx.db, ctx.scope, { processor: processor.kind, ref: start.ref, customer: customerId, created: ctx.clock.now() });
  return start.url;
}

const SETUP_REF = /^[A-Za-z0-9_-]{1,255}$/;

/** Where a card collection the customer started stands; another's (or an unknown one) does not exist for them. */
export async function cardSetupOutcome(ctx: Ctx, processor: Processor, customerId: string, ref: string): Promise<SetupOutcome> {
  // Refs are processors' ids: anything else (as a URL may carry) is no collection of theirs.
  const known = SETUP_REF.test(ref) && (await findSetupCustomer(ctx.db, ctx.scope, processor.kind, ref)) === customerId;
  if (!known) throw BursarError.notFound('setup', ref, 'setup');
  return processor.setupStatus(ref);
}

/** The customer who started a card collection here, if any. */
export const customerOfSetup = (ctx: Ctx, processor: Processor['kind'], ref: string) => findSetupCustomer(ctx.db, ctx.scope, processor, ref);
