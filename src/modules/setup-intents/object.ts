import type { Ctx } from '../../context.ts';
import { parseJson } from '../../kit/json.ts';
import { derivedToken } from '../../secrets/derived-token.ts';
import { challengeSecret, challengeUrl } from '../../processors/test/challenge-token.ts';
import { publicUrlOf } from '../invoices/links.ts';
import { shownCardError } from '../payment-intents/object.ts';
import type { SetupIntentRow } from './repository.ts';

/** The event a setup's outcome writes. */
export const SETUP_OUTCOME_EVENTS = { succeeded: 'setup_intent.succeeded', requires_action: 'setup_intent.requires_action', failed: 'setup_intent.setup_failed' } as const;

/** Stripe's client_secret: `<seti>_secret_<token>`, derived on read, never stored. */
export async function setupClientSecretOf(ctx: Pick<Ctx, 'db'>, id: string): Promise<string> {
  return `${id}_secret_${(await derivedToken(ctx.db, 'setup_intent_client_secrets', id)).slice(0, 24)}`;
}

/** The setup intent as Stripe shows it; the authentication link is derived from its ref, never stored. */
export async function toSetupIntent(ctx: Ctx, row: SetupIntentRow) {
  // A remote processor's page is as it answered it; the test gateway's challenge is derived.
  const actionUrl = row.next_action_url ?? (row.processor_ref !== null ? challengeUrl(publicUrlOf(ctx), await challengeSecret(ctx.db), row.processor_ref) : null);
  const nextAction = row.status === 'requires_action' && actionUrl !== null ? { type: 'redirect_to_url' as const, redirect_to_url: { url: actionUrl, return_url: row.return_url } } : null;
  return {
    id: row.id,
    object: 'setup_intent' as const,
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: row.cancellation_reason,
    client_secret: await setupClientSecretOf(ctx, row.id),
    created: row.created,
    customer: row.customer,
    description: row.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: await shownCardError(ctx, row.last_setup_error),
    latest_attempt: null,
    livemode: row.livemode === 1,
    mandate: null,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    next_action: nextAction,
    on_behalf_of: null,
    payment_method: row.payment_method,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' as const } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: row.status,
    usage: row.usage,
  };
}

export type SetupIntentObject = Awaited<ReturnType<typeof toSetupIntent>>;
