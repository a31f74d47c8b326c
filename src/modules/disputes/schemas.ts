import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { range, str } from '../../api/params.ts';

export const listDisputesParams = z.strictObject({
  ...pageParams,
  charge: str(255).optional(),
  payment_intent: str(255).optional(),
  created: range().optional(),
});
