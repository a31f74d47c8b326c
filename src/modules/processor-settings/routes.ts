import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { updateProcessorSettingsParams } from './schemas.ts';
import { removeProcessorSettings, retrieveProcessorSettings, updateProcessorSettings } from './service.ts';

const tag = 'Processor settings';
const none = z.strictObject({});

/** A Bursar extension: which payment processor a project's mode charges through, with its credentials (masked). */
export const processorSettingsRoutes = [
  defineRoute({
    method: 'GET',
    path: '/v1/processor_settings',
    returns: 'processor_settings',
    tag,
    summary: 'The payment processor of this mode (test: the built-in test gateway unless set), credentials masked, and the webhook URL to register at the processor',
    params: none,
    handle: (ctx) => retrieveProcessorSettings(ctx),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/processor_settings',
    returns: 'processor_settings',
    tag,
    summary: 'Choose the payment processor of this mode (test or stripe) and set its credentials (stripe[secret_key], stripe[webhook_secret]); credentials not given are kept',
    params: updateProcessorSettingsParams,
    handle: (ctx, p) => updateProcessorSettings(ctx, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/processor_settings',
    returns: 'processor_settings',
    tag,
    summary: 'Forget the processor of this mode and its credentials: test mode charges through the test gateway again, live mode refuses to charge',
    params: none,
    handle: (ctx) => removeProcessorSettings(ctx),
  }),
];
