import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, list, metadata, range, str } from '../../api/params.ts';
import { productDataParams } from '../products/schemas.ts';
import { currency, INTERVALS, priceDataFields, recurringWithTrial, taxBehavior } from './price-data.ts';
import type { SearchFields } from '../../search/query.ts';

const lookupKey = () => str(200);

export const createPriceParams = z.strictObject({
  ...priceDataFields,
  recurring: recurringWithTrial().optional(),
  active: bool().optional(),
  billing_scheme: z.literal('per_unit').optional(),
  lookup_key: lookupKey().optional(),
  nickname: str().optional(),
  product: str(255).optional(),
  product_data: productDataParams.optional(),
  transfer_lookup_key: bool().optional(),
});

export const updatePriceParams = z.strictObject({
  active: bool().optional(),
  lookup_key: clearable(lookupKey()).optional(),
  metadata: metadata().optional(),
  nickname: clearable(str()).optional(),
  tax_behavior: taxBehavior().optional(),
  transfer_lookup_key: bool().optional(),
});

export const listPricesParams = z.strictObject({
  ...pageParams,
  active: bool().optional(),
  created: range().optional(),
  currency: currency().optional(),
  lookup_keys: list(lookupKey(), 10).optional(),
  product: str(255).optional(),
  recurring: z.strictObject({ interval: z.enum(INTERVALS).optional() }).optional(),
  type: z.enum(['one_time', 'recurring']).optional(),
});

export type CreatePriceParams = z.output<typeof createPriceParams>;
export type UpdatePriceParams = z.output<typeof updatePriceParams>;
export type ListPricesParams = z.output<typeof listPricesParams>;

/** What prices can be searched by (Stripe's query fields for prices). */
export const priceSearchFields: SearchFields = {
  active: { kind: 'boolean' },
  currency: { kind: 'token' },
  lookup_key: { kind: 'token', nullable: true },
  metadata: { kind: 'metadata' },
  product: { kind: 'token' },
  type: { kind: 'token' },
};
