import * as z from 'zod';

/**
 * A parameter Stripe declares that Bursar does not honour: refused with a 400 naming it,
 * never silently ignored. `name` is the parameter as the error names it, `why` what is missing.
 */
export const unsupported = (name: string, why: string) =>
  z
    .unknown()
    .superRefine((_value, ctx) => ctx.addIssue({ code: 'custom', message: `${name} is not supported: ${why}.` }))
    .optional();
