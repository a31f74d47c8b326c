import type { Ctx } from '../../context.ts';
import type { ProcessorKind, SavedMethod } from '../../processors/processor.ts';
import { recordEvent } from '../events/service.ts';
import { requireCustomer, setDefaultPaymentMethod } from '../customers/service.ts';
import { toPaymentMethodObject, type PaymentMethodObject } from './object.ts';
import { findProcessorMethod } from './repository.ts';
import { insertCard } from './service.ts';

/**
 * Saves a card the processor collected (on its own page) to the customer: a payment method
 * of that processor, `payment_method.attached`, and the customer's default when they have
 * none. Reported twice (the customer's return and the processor's webhook, whichever comes
 * first), it is saved once: the second report changes nothing.
 */
export async function saveProcessorCard(ctx: Ctx, processor: ProcessorKind, customerId: string, method: SavedMethod): Promise<{ paymentMethod: PaymentMethodObject; saved: boolean }> {
  const known = await findProcessorMethod(ctx.db, ctx.scope, processor, method.ref);
  if (known) return { paymentMethod: toPaymentMethodObject(known), saved: false };
  const customer = await requireCustomer(ctx, customerId);
  const row = await insertCard(ctx, { ...method.card, gatewayCard: method.ref }, { customer: customer.id, processor });
  const paymentMethod = toPaymentMethodObject(row);
  await recordEvent(ctx, 'payment_method.attached', paymentMethod);
  if (customer.default_payment_method === null) await setDefaultPaymentMethod(ctx, customer.id, row.id);
  return { paymentMethod, saved: true };
}
