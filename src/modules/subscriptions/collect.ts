import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { finalizeInvoice } from '../invoices/transitions.ts';
import { payInvoice } from '../invoices/pay.ts';

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete';

/** The same error, without keeping the request's writes: nothing of it commits. */
function rollingBack(error: BursarError): BursarError {
  const { status, type, message, code, param, declineCode, extra } = error;
  return new BursarError({ status, type, message, code, param, declineCode, extra });
}

/**
 * Finalizes a subscription's invoice and, when it charges automatically, charges it now.
 * A decline leaves the invoice open (allow_incomplete, the attempt kept) or undoes the
 * whole request (error_if_incomplete); default_incomplete does not charge at all.
 */
export async function collectSubscriptionInvoice(ctx: Ctx, invoice: string, collectionMethod: string, behavior: PaymentBehavior): Promise<void> {
  const finalized = await finalizeInvoice(ctx, invoice);
  if (finalized.status !== 'open' || collectionMethod !== 'charge_automatically' || behavior === 'default_incomplete') return;
  try {
    await payInvoice(ctx, invoice, {});
  } catch (error) {
    if (!(error instanceof BursarError && error.keepChanges)) throw error;
    if (behavior === 'error_if_incomplete') throw rollingBack(error);
  }
}
