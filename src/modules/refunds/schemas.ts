import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { amount, metadata, range, str } from '../../api/params.ts';

export const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

export const createRefundParams = z.strictObject({
  charge: str(255).optional(),
  payment_intent: str(255).optional(),
  amount: amount(1).optional(),
  reason: z.enum(REFUND_REASONS).optional(),
  metadata: metadata().optional(),
});
export type CreateRefundParams = z.output<typeof createRefundParams>;

export const updateRefundParams = z.strictObject({ metadata: metadata().optional() });

export const listRefundsParams = z.strictObject({
  ...pageParams,
  charge: str(255).optional(),
  payment_intent: str(255).optional(),
  created: range().optional(),
});

export const cancelRefundParams = z.strictObject({});
