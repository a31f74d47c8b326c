import type { Ctx, Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { BursarError } from '../../kit/errors.ts';
import type { ProcessorCredentials } from '../../processors/make.ts';
import type { ProcessorKind } from '../../processors/processor.ts';
import { publicUrlOf } from '../invoices/links.ts';
import { toSettingsObject, type ProcessorSettingsObject } from './object.ts';
import { deleteSettings, findSettings, findSettingsVersion, upsertSettings, type StoredSettings } from './repository.ts';
import type { UpdateProcessorSettingsParams } from './schemas.ts';

/** The code of every refusal to collect or charge for want of a processor. */
export const NO_PROCESSOR = 'payment_gateway_unavailable';

export function noProcessorError(): BursarError {
  return BursarError.invalid(
    'Card collection and charging are unavailable in live mode: no payment processor is configured. Set one with POST /v1/processor_settings or `bursar processors set --mode live`, or use a test key (sk_test_…) with the built-in test gateway.',
    undefined,
    NO_PROCESSOR,
  );
}

/**
 * The processor settings of a project's mode; without any, test mode charges through the
 * built-in test gateway and live mode through nothing (null).
 */
export async function settingsOf(db: Db, scope: Scope): Promise<StoredSettings | null> {
  return (await findSettings(db, scope)) ?? (scope.livemode ? null : { credentials: { kind: 'test' }, version: '', updated: 0 });
}

/** Which processor a mode charges through (null: none), without opening its credentials. */
export async function processorKindOf(db: Db, scope: Scope): Promise<ProcessorKind | null> {
  return ((await findSettingsVersion(db, scope))?.kind as ProcessorKind | undefined) ?? (scope.livemode ? null : 'test');
}

/**
 * Card numbers reach only the built-in test gateway: a real processor collects cards on its
 * own page, so none touches Bursar.
 */
export async function requireTestGateway(ctx: Ctx): Promise<void> {
  const kind = await processorKindOf(ctx.db, ctx.scope);
  if (kind === null) throw noProcessorError();
  if (kind !== 'test') {
    throw BursarError.invalid(
      `Card details are taken by the test gateway only: this mode charges through ${kind}, which collects cards on its own page (the customer portal's "Add a card").`,
      undefined,
      'payment_method_collection_unavailable',
    );
  }
}

const SECRET_KEY = { test: /^[sr]k_test_[A-Za-z0-9]{8,240}$/, live: /^[sr]k_live_[A-Za-z0-9]{8,240}$/ };
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/=_-]{8,240}$/;

function stripeCredentials(ctx: Ctx, p: UpdateProcessorSettingsParams, current: ProcessorCredentials | null): ProcessorCredentials {
  const previous = current?.kind === 'stripe' ? current : null;
  const secretKey = p.stripe?.secret_key ?? previous?.secretKey;
  if (secretKey === undefined) throw BursarError.invalid('Missing required param: stripe[secret_key].', 'stripe[secret_key]', 'parameter_missing');
  const mode = ctx.scope.livemode ? 'live' : 'test';
  if (!SECRET_KEY[mode].test(secretKey)) {
    throw BursarError.invalid(
      `Invalid stripe[secret_key]: in ${mode} mode, a Stripe secret key starts with sk_${mode}_ or rk_${mode}_ (a key of the Stripe account's ${mode} mode).`,
      'stripe[secret_key]',
    );
  }
  const webhookSecret = p.stripe?.webhook_secret === undefined ? (previous?.webhookSecret ?? null) : p.stripe.webhook_secret;
  if (webhookSecret !== null && !WEBHOOK_SECRET.test(webhookSecret)) {
    throw BursarError.invalid('Invalid stripe[webhook_secret]: a Stripe webhook signing secret starts with whsec_.', 'stripe[webhook_secret]');
  }
  return { kind: 'stripe', secretKey, webhookSecret };
}

function credentialsFrom(ctx: Ctx, p: UpdateProcessorSettingsParams, current: ProcessorCredentials | null): ProcessorCredentials {
  const kind = p.processor ?? current?.kind;
  if (kind === undefined) throw BursarError.invalid('Missing required param: processor.', 'processor', 'parameter_missing');
  if (kind === 'stripe') return stripeCredentials(ctx, p, current);
  if (ctx.scope.livemode) throw BursarError.invalid('Invalid processor: the test gateway moves no real money, so live mode needs a real processor (stripe).', 'processor');
  if (p.stripe !== undefined) throw BursarError.invalid('Received unknown parameter: stripe (it applies to processor=stripe only).', 'stripe');
  return { kind: 'test' };
}

const objectOf = (ctx: Ctx, settings: StoredSettings | null) =>
  toSettingsObject(ctx.scope, publicUrlOf(ctx), { credentials: settings?.credentials ?? null, updated: settings?.updated || null });

export async function retrieveProcessorSettings(ctx: Ctx): Promise<ProcessorSettingsObject> {
  return objectOf(ctx, await settingsOf(ctx.db, ctx.scope));
}

export async function updateProcessorSettings(ctx: Ctx, p: UpdateProcessorSettingsParams): Promise<ProcessorSettingsObject> {
  const current = await settingsOf(ctx.db, ctx.scope);
  const credentials = credentialsFrom(ctx, p, current?.credentials ?? null);
  await upsertSettings(ctx.db, ctx.scope, credentials, ctx.clock.now());
  return retrieveProcessorSettings(ctx);
}

/** Forgets the mode's processor and its credentials: test mode is back on the test gateway, live mode on nothing. */
export async function removeProcessorSettings(ctx: Ctx): Promise<ProcessorSettingsObject> {
  await deleteSettings(ctx.db, ctx.scope);
  return retrieveProcessorSettings(ctx);
}
