import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { str } from '../../api/params.ts';
import { TAX_ID_TYPE_NAMES } from './types.ts';

export const createTaxIdParams = z.strictObject({
  type: z.enum(TAX_ID_TYPE_NAMES),
  value: str(100),
});

export const listTaxIdsParams = z.strictObject({ ...pageParams });

/** Whose tax IDs (`/v1/tax_ids`): Stripe's owner types; Bursar serves `customer` only (service.ts). */
const owner = () =>
  z.strictObject({
    type: z.enum(['account', 'application', 'customer', 'self']),
    account: str(255).optional(),
    customer: str(255).optional(),
    customer_account: str(255).optional(),
  });

export const createOwnedTaxIdParams = createTaxIdParams.extend({ owner: owner().optional() });

export const listOwnedTaxIdsParams = z.strictObject({ ...pageParams, owner: owner().optional() });

export type TaxIdOwnerParam = z.output<ReturnType<typeof owner>>;

export type CreateTaxIdParams = z.output<typeof createTaxIdParams>;
