import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { str } from '../../api/params.ts';
import { TAX_ID_TYPE_NAMES } from './types.ts';

export const createTaxIdParams = z.strictObject({
  type: z.enum(TAX_ID_TYPE_NAMES),
  value: str(100),
});

export const listTaxIdsParams = z.strictObject({ ...pageParams });

export type CreateTaxIdParams = z.output<typeof createTaxIdParams>;
