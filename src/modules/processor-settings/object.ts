import type { Scope } from '../../context.ts';
import type { ProcessorCredentials } from '../../processors/make.ts';
import { processorWebhookPath } from './webhook-path.ts';

/** A credential is never shown again: its kind (prefix) and last four characters. */
export function masked(secret: string): string {
  const prefix = /^(?:[a-z]+_(?:test_|live_)?)/.exec(secret)?.[0] ?? '';
  return `${prefix}…${secret.slice(-4)}`;
}

/** What a project's mode charges through; `processor` null: nothing (live mode until one is set). */
export function toSettingsObject(scope: Scope, publicUrl: string, settings: { credentials: ProcessorCredentials | null; updated: number | null }) {
  const c = settings.credentials;
  return {
    object: 'processor_settings' as const,
    livemode: scope.livemode,
    processor: c?.kind ?? null,
    stripe:
      c?.kind === 'stripe'
        ? {
            secret_key: masked(c.secretKey),
            webhook_secret: c.webhookSecret === null ? null : masked(c.webhookSecret),
            webhook_url: `${publicUrl}${processorWebhookPath('stripe', scope)}`,
          }
        : null,
    updated: settings.updated,
  };
}

export type ProcessorSettingsObject = ReturnType<typeof toSettingsObject>;
