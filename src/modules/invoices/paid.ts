import type { Ctx } from '../../context.ts';
import { recordEvent } from '../events/service.ts';
import { activateOnPayment } from '../subscriptions/activation.ts';
import type { InvoiceObject } from './object.ts';

/**
 * An invoice is paid (with `paidWith`, the payment method of the charge that paid it, if
 * one did): its event, and (in the same transaction) what that changes on its subscription.
 */
export async function recordInvoicePaid(ctx: Ctx, object: InvoiceObject, paidWith: string | null = null): Promise<void> {
  await recordEvent(ctx, 'invoice.paid', object);
  if (object.parent) await activateOnPayment(ctx, object.parent.subscription_details.subscription, paidWith);
}
