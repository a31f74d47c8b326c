import { Command } from 'commander';
import { parseParams } from '../api/params.ts';
import type { Ctx } from '../context.ts';
import type { ProcessorSettingsObject } from '../modules/processor-settings/object.ts';
import { updateProcessorSettingsParams } from '../modules/processor-settings/schemas.ts';
import { removeProcessorSettings, retrieveProcessorSettings, updateProcessorSettings } from '../modules/processor-settings/service.ts';
import { STRIPE_WEBHOOK_EVENTS } from '../modules/processor-settings/webhook-path.ts';
import { projectScoped, runInProject } from './project-scope.ts';

// The CLI side of /v1/processor_settings.

const withPublicUrl = (command: Command) =>
  projectScoped(command).option('--public-url <url>', 'URL the processor reaches Bursar at, for the webhook URL (env BURSAR_PUBLIC_URL)');

/** The settings as JSON on stdout; what is left to do at the processor, for a person, on stderr. */
async function answer(ctx: Ctx, settings: Promise<ProcessorSettingsObject>): Promise<ProcessorSettingsObject> {
  const s = await settings;
  if (s.stripe) {
    console.error(`Stripe sends this mode's events to ${s.stripe.webhook_url}`);
    console.error(`Register it at Stripe (Developers → Webhooks) for ${STRIPE_WEBHOOK_EVENTS.join(', ')}.`);
    if (s.stripe.webhook_secret === null) console.error('Then give Bursar its signing secret: bursar processors set stripe --stripe-webhook-secret whsec_…');
  } else if (s.processor === null) {
    console.error(`No processor in ${ctx.scope.livemode ? 'live' : 'test'} mode: cards are not collected nor charged.`);
  }
  return s;
}

const show = withPublicUrl(new Command('show').description('show the processor of a mode (credentials masked) and the webhook URL to register at it')).action((flags) =>
  runInProject(flags, (ctx) => answer(ctx, retrieveProcessorSettings(ctx))),
);

const set = withPublicUrl(
  new Command('set')
    .description('choose the processor of a mode and set its credentials (only the options given change)')
    .argument('[processor]', 'test (the built-in test gateway, test mode only) or stripe')
    .option('--stripe-secret-key <key>', "the Stripe account's secret key of this mode (sk_test_… / sk_live_…, or a restricted rk_…)")
    .option('--stripe-webhook-secret <secret>', 'the signing secret (whsec_…) of the webhook endpoint registered at Stripe; "" clears it'),
).action((processor: string | undefined, flags) => {
  const stripe = flags.stripeSecretKey !== undefined || flags.stripeWebhookSecret !== undefined ? { secret_key: flags.stripeSecretKey, webhook_secret: flags.stripeWebhookSecret } : undefined;
  return runInProject(flags, (ctx) => answer(ctx, updateProcessorSettings(ctx, parseParams(updateProcessorSettingsParams, { processor, stripe }))));
});

const remove = withPublicUrl(new Command('remove').description('forget the processor of a mode and its credentials (test mode: back to the test gateway)')).action((flags) =>
  runInProject(flags, (ctx) => answer(ctx, removeProcessorSettings(ctx))),
);

export function processorsCommand(): Command {
  return new Command('processors')
    .description('the payment processor each mode of a project charges through (see docs/payments.md)')
    .addCommand(show)
    .addCommand(set)
    .addCommand(remove);
}
