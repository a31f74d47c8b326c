import type { Ctx } from '../../context.ts';
import { scopeColumns } from '../../context.ts';
import { inTransaction } from '../../db/after-commit.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { PROCESSOR_KINDS } from '../../processors/make.ts';
import type { Processor, ProcessorEvent, ProcessorKind } from '../../processors/processor.ts';
import { findProject } from '../projects/repository.ts';
import { processorFor } from '../processor-settings/registry.ts';
import { processorKindOf } from '../processor-settings/service.ts';
import { applyProcessorEvent } from './dispatch.ts';
import { claimProcessorEvent, purgeRefusedEvents, settleProcessorEvent } from './repository.ts';

const MAX_DETAIL = 500;

/** Applies an event once: recorded and applied in one transaction, or not at all. */
async function applyOnce(ctx: Ctx, kind: ProcessorKind, event: ProcessorEvent): Promise<void> {
  const row = {
    id: newId('pevt'),
    ...scopeColumns(ctx.scope),
    processor: kind,
    event_id: event.eventId,
    type: event.type,
    status: 'received',
    detail: null,
    data: JSON.stringify(event),
    received: (ctx.wallClock ?? ctx.clock).now(),
  };
  try {
    await inTransaction(ctx.db, async (trx) => {
      // Recorded before: a retry or a replay of an event already applied changes nothing.
      if (!(await claimProcessorEvent(trx, row))) return;
      const outcome = await applyProcessorEvent({ ...ctx, db: trx }, kind, event);
      await settleProcessorEvent(trx, row.id, outcome.status, outcome.detail?.slice(0, MAX_DETAIL) ?? null);
    });
  } catch (error) {
    // What it names cannot take it (a customer deleted since): nothing of it is applied, and it
    // is recorded as failed, so the processor's retries change nothing either. Any other fault
    // answers 500 and the processor sends it again.
    if (!(error instanceof BursarError && error.status < 500)) throw error;
    await claimProcessorEvent(ctx.db, { ...row, status: 'failed', detail: error.message.slice(0, MAX_DETAIL) });
  }
}

/**
 * A saved card the event names without describing (Stripe's): asked about before any
 * transaction opens, since that is a call to the processor. One not saved after all is ignored.
 */
async function described(processor: Processor, event: ProcessorEvent): Promise<ProcessorEvent> {
  if (event.type !== 'setup.succeeded' || event.method !== null) return event;
  const setup = await processor.setupStatus(event.setupRef);
  if (setup.status === 'succeeded') return { ...event, method: setup.method };
  return { eventId: event.eventId, created: event.created, type: 'ignored', processorType: `setup.succeeded for ${event.setupRef}, which is ${setup.status}` };
}

const notHere = (kind: string, ctx: Ctx) =>
  BursarError.notFound('processor webhook endpoint', `${kind}/${ctx.scope.projectId}/${ctx.scope.livemode ? 'live' : 'test'}`);

/**
 * A webhook a processor sent for a project's mode: verified by the processor (its signature
 * with the stored signing secret; too old is a replay), then each event applied once. A
 * webhook that does not verify is refused (400) and recorded. Answers what the processor is told.
 */
export async function receiveProcessorWebhook(ctx: Ctx, kind: string, rawBody: string, headers: Headers): Promise<{ received: true }> {
  // Only the processor a project's mode charges through is listened to.
  if (!(PROCESSOR_KINDS as readonly string[]).includes(kind) || !(await findProject(ctx.db, ctx.scope.projectId))) throw notHere(kind, ctx);
  if ((await processorKindOf(ctx.db, ctx.scope)) !== kind) throw notHere(kind, ctx);
  const processor = await processorFor(ctx);
  let events: ProcessorEvent[];
  try {
    events = processor.parseWebhook(rawBody, headers, (ctx.wallClock ?? ctx.clock).now());
  } catch (error) {
    // A signature that does not verify, a replay, or a body the processor cannot read: refused the same way.
    const reason = error instanceof Error ? error.message : String(error);
    await claimProcessorEvent(ctx.db, {
      id: newId('pevt'),
      ...scopeColumns(ctx.scope),
      processor: kind,
      event_id: null,
      type: null,
      status: 'refused',
      detail: reason.slice(0, MAX_DETAIL),
      data: null,
      received: (ctx.wallClock ?? ctx.clock).now(),
    });
    throw BursarError.invalid(`Webhook refused: ${reason}`, undefined, 'webhook_signature_invalid');
  }
  for (const event of events) await applyOnce(ctx, kind as ProcessorKind, await described(processor, event));
  return { received: true };
}

/** How long a refused webhook stays on record, for a look at who sent it. */
export const REFUSED_RETENTION_SECONDS = 30 * 86_400;

export async function purgeRefusedWebhooks(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<number> {
  return purgeRefusedEvents(ctx.db, ctx.clock.now() - REFUSED_RETENTION_SECONDS);
}
