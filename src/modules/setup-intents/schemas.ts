import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, metadata, str } from '../../api/params.ts';
import { urlParam } from '../../net/url.ts';

const usage = z.enum(['on_session', 'off_session']);

export const createSetupIntentParams = z.strictObject({
  customer: str(255).optional(),
  payment_method: str(255).optional(),
  payment_method_types: z.array(z.literal('card')).max(1).optional(),
  usage: usage.optional(),
  confirm: bool().optional(),
  return_url: urlParam().optional(),
  description: str(1000).optional(),
  metadata: metadata().optional(),
});

export const updateSetupIntentParams = z.strictObject({
  customer: str(255).optional(),
  payment_method: str(255).optional(),
  description: str(1000).optional(),
  metadata: metadata().optional(),
});

export const confirmSetupIntentParams = z.strictObject({
  payment_method: str(255).optional(),
  return_url: urlParam().optional(),
});

export const cancelSetupIntentParams = z.strictObject({
  cancellation_reason: z.enum(['abandoned', 'duplicate', 'requested_by_customer']).optional(),
});

export const listSetupIntentsParams = z.strictObject({ ...pageParams, customer: str(255).optional(), payment_method: str(255).optional() });

export type CreateSetupIntentParams = z.output<typeof createSetupIntentParams>;
export type UpdateSetupIntentParams = z.output<typeof updateSetupIntentParams>;
export type ConfirmSetupIntentParams = z.output<typeof confirmSetupIntentParams>;
