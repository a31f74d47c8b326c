import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, list, range, str } from '../../api/params.ts';

export const listEventsParams = z.strictObject({
  ...pageParams,
  type: str(200).optional(),
  types: list(str(200), 20).optional(),
  created: range().optional(),
  delivery_success: bool().optional(),
});
