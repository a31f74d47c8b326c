import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { activateOnPayment } from '../subscriptions/activation.ts';
import type { InvoiceObject } from './object.ts';

/** An invoice is paid: its event, and (in the same transaction) the subscription it starts. */
export async function recordInvoicePaid(ctx: Ctx, object: InvoiceObject): Promise<void> {
  await recordEvent(ctx, 'invoice.paid', object);
  if (object.parent) await activateOnPayment(ctx, object.parent.subscription_details.subscription);
}
