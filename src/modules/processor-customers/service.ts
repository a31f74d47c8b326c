import type { Ctx } from '../../context.ts';
import type { Processor } from '../../processors/processor.ts';
import { requireCustomer } from '../customers/service.ts';
import { findCustomerOfRef, findProcessorCustomerRef, insertProcessorCustomerRef } from './repository.ts';

/**
 * The customer's customer at the processor: made there the first time, its ref kept and used
 * from then on. A remote processor is called here: never inside a database transaction.
 */
export async function processorCustomerRef(ctx: Ctx, processor: Processor, customerId: string): Promise<string> {
  const kept = await findProcessorCustomerRef(ctx.db, ctx.scope, customerId, processor.kind);
  if (kept !== undefined) return kept;
  const customer = await requireCustomer(ctx, customerId);
  const ref = await processor.ensureCustomer({ customer: customer.id, email: customer.email, name: customer.name }, null);
  await insertProcessorCustomerRef(ctx.db, ctx.scope, { customer: customer.id, processor: processor.kind, ref, created: ctx.clock.now() });
  // Two requests at once may each have made one: the ref kept first is the one used.
  return (await findProcessorCustomerRef(ctx.db, ctx.scope, customerId, processor.kind)) ?? ref;
}

/** The Bursar customer a processor's customer ref belongs to, if any. */
export const customerOfProcessorRef = (ctx: Ctx, processor: Processor['kind'], ref: string) => findCustomerOfRef(ctx.db, ctx.scope, processor, ref);
