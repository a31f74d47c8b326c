import type { Ctx } from '../../context.ts';
import type { ProcessorEvent } from '../../processors/processor.ts';

type PaymentEvent = Extract<ProcessorEvent, { type: 'payment.succeeded' | 'payment.failed' | 'payment.requires_action' }>;

/** Moves the payment intent a processor's payment event is about (and its invoice) as the event says. */
export async function applyPaymentEvent(_ctx: Ctx, _event: PaymentEvent): Promise<void> {
  throw new Error('payment events are not applied yet');
}
