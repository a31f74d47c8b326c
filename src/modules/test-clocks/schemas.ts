import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { int, str } from '../../api/params.ts';

export const createTestClockParams = z.strictObject({
  frozen_time: int({ min: 0 }),
  name: str(300).optional(),
});

export const advanceTestClockParams = z.strictObject({
  frozen_time: int({ min: 0 }),
});

export const listTestClocksParams = z.strictObject({ ...pageParams });

export type CreateTestClockParams = z.output<typeof createTestClockParams>;
