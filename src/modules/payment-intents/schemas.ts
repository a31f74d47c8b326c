import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, str } from '../../api/params.ts';
import { urlParam } from '../../net/url.ts';

export const listPaymentIntentsParams = z.strictObject({ ...pageParams, customer: str(255).optional() });

export const confirmPaymentIntentParams = z.strictObject({
  payment_method: str(255).optional(),
  /** Bursar charges on-session unless told otherwise: a confirmation comes from the customer. */
  off_session: bool().optional(),
  return_url: urlParam().optional(),
});

export const cancelPaymentIntentParams = z.strictObject({
  cancellation_reason: z.enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']).optional(),
});

export const listInvoicePaymentsParams = z.strictObject({ ...pageParams, invoice: str(255).optional() });

export type ConfirmPaymentIntentParams = z.output<typeof confirmPaymentIntentParams>;
