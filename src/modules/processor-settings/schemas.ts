import * as z from 'zod';
import { clearable, str } from '../../api/params.ts';
import { PROCESSOR_KINDS } from '../../processors/make.ts';

export const updateProcessorSettingsParams = z.strictObject({
  processor: z.enum(PROCESSOR_KINDS as [string, ...string[]]).optional(),
  stripe: z
    .strictObject({
      secret_key: str(255).optional(),
      webhook_secret: clearable(str(255)).optional(),
    })
    .optional(),
});

export type UpdateProcessorSettingsParams = z.output<typeof updateProcessorSettingsParams>;
