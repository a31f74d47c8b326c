import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { address, clearable, int, metadata, str } from '../../api/params.ts';

const billingDetails = z.strictObject({
  address: clearable(address()).optional(),
  email: clearable(str(512)).optional(),
  name: clearable(str(256)).optional(),
  phone: clearable(str(40)).optional(),
});

const allowRedisplay = z.enum(['always', 'limited', 'unspecified']);

export const createPaymentMethodParams = z.strictObject({
  type: z.literal('card'),
  card: z.strictObject({
    number: str(30),
    exp_month: int(),
    exp_year: int(),
    cvc: str(4).optional(),
  }),
  billing_details: billingDetails.optional(),
  metadata: metadata().optional(),
  allow_redisplay: allowRedisplay.optional(),
});

export const updatePaymentMethodParams = z.strictObject({
  billing_details: billingDetails.optional(),
  metadata: metadata().optional(),
  allow_redisplay: allowRedisplay.optional(),
  card: z.strictObject({ exp_month: int({ min: 1, max: 12 }).optional(), exp_year: int().optional() }).optional(),
});

export const attachParams = z.strictObject({ customer: str(255) });

export const listPaymentMethodsParams = z.strictObject({
  ...pageParams,
  customer: str(255).optional(),
  type: z.literal('card').optional(),
});

export const listCustomerPaymentMethodsParams = z.strictObject({
  ...pageParams,
  type: z.literal('card').optional(),
});

export type BillingDetailsParam = z.output<typeof billingDetails>;
export type CreatePaymentMethodParams = z.output<typeof createPaymentMethodParams>;
export type UpdatePaymentMethodParams = z.output<typeof updatePaymentMethodParams>;
