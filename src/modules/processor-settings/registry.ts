import type { Ctx } from '../../context.ts';
import { makeProcessor } from '../../processors/make.ts';
import type { Processor } from '../../processors/processor.ts';
import { outgoingClient } from '../../net/client.ts';
import { DEFAULT_PUBLIC_URL } from '../invoices/links.ts';
import { challengeSecret } from '../../processors/test/challenge-token.ts';

/**
 * The processor of the request's project and mode. Until a project chooses one, the built-in
 * test gateway in test mode.
 */
export async function processorFor(ctx: Ctx): Promise<Processor> {
  if (ctx.processor) return ctx.processor;
  const client = ctx.outgoing?.of(ctx.scope.livemode) ?? outgoingClient({ livemode: ctx.scope.livemode });
  return makeProcessor({ kind: 'test' }, { projectId: ctx.scope.projectId, livemode: ctx.scope.livemode, client, publicUrl: ctx.publicUrl ?? DEFAULT_PUBLIC_URL, challengeSecret: await challengeSecret(ctx.db) });
}
