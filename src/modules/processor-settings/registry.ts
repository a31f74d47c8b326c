import type { Ctx } from '../../context.ts';
import { makeProcessor, type ProcessorDeps } from '../../processors/make.ts';
import type { Processor } from '../../processors/processor.ts';
import { outgoingClient, type OutgoingClient } from '../../net/client.ts';
import { publicUrlOf } from '../invoices/links.ts';
import { findSettingsVersion } from './repository.ts';
import { noProcessorError, settingsOf } from './service.ts';

interface Built {
  version: string;
  publicUrl: string;
  stripeApiUrl: string | undefined;
  make: typeof makeProcessor;
  processor: Processor;
}

// Per guarded client (one per running app and mode), the processor last built per project:
// kept until its settings change, so credentials are opened once per version, not per charge.
const built = new WeakMap<OutgoingClient, Map<string, Built>>();
import { challengeSecret } from '../../processors/test/challenge-token.ts';

/**
 * The processor of the request's project and mode: the one its settings name, with their
 * credentials, calling out through the mode's guarded client. Without settings, the built-in
 * test gateway in test mode; in live mode, a refusal (nothing is collected or charged).
 */
export async function processorFor(ctx: Ctx): Promise<Processor> {
  const { projectId, livemode } = ctx.scope;
  const client = ctx.outgoing?.of(livemode) ?? outgoingClient({ livemode });
  const deps: ProcessorDeps = { projectId, livemode, client, publicUrl: publicUrlOf(ctx), stripeApiUrl: ctx.stripeApiUrl };
  const make = ctx.makeProcessor ?? makeProcessor;
  const version = (await findSettingsVersion(ctx.db, ctx.scope))?.version ?? '';
  let byProject = built.get(client);
  const key = `${projectId}:${livemode}`;
  const hit = byProject?.get(key);
  if (hit && hit.version === version && hit.publicUrl === deps.publicUrl && hit.stripeApiUrl === deps.stripeApiUrl && hit.make === make) return hit.processor;
  const settings = await settingsOf(ctx.db, ctx.scope);
  if (!settings) throw noProcessorError();
  const processor = make(settings.credentials, { ...deps, challengeSecret: await challengeSecret(ctx.db) });
  if (!byProject) built.set(client, (byProject = new Map()));
  byProject.set(key, { version: settings.version, publicUrl: deps.publicUrl, stripeApiUrl: deps.stripeApiUrl, make, processor });
  return processor;
}
