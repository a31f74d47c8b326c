import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { parseJson } from '../../kit/json.ts';
import { scopeColumns } from '../../context.ts';
import { requireCustomer } from '../customers/service.ts';
import { recordEvent } from '../events/service.ts';
import { runSetup } from './confirm.ts';
import { toSetupIntent, type SetupIntentObject } from './object.ts';
import { findSetupIntent, insertSetupIntent, listSetupIntentRows, updateSetupIntentRow, type SetupIntentRow } from './repository.ts';
import type { ConfirmSetupIntentParams, CreateSetupIntentParams, UpdateSetupIntentParams } from './schemas.ts';

export async function requireSetupIntent(ctx: Ctx, id: string): Promise<SetupIntentRow> {
  const row = await findSetupIntent(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('setup_intent', id);
  return row;
}

export const retrieveSetupIntent = async (ctx: Ctx, id: string): Promise<SetupIntentObject> => toSetupIntent(ctx, await requireSetupIntent(ctx, id));

export async function listSetupIntents(ctx: Ctx, page: Page, filter: { customer?: string | undefined; payment_method?: string | undefined }) {
  if (filter.customer !== undefined) await requireCustomer(ctx, filter.customer, 'customer');
  const { rows, hasMore } = await listSetupIntentRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/setup_intents', await Promise.all(rows.map((r) => toSetupIntent(ctx, r))), hasMore);
}

/** A new setup: waiting for a card, for confirmation, or (confirm=true) confirmed at once. */
export async function createSetupIntent(ctx: Ctx, p: CreateSetupIntentParams): Promise<SetupIntentObject> {
  if (p.customer !== undefined) await requireCustomer(ctx, p.customer, 'customer');
  if (p.confirm && p.payment_method === undefined) throw BursarError.invalid('Missing required param: payment_method (confirm=true needs one).', 'payment_method', 'parameter_missing');
  const row = await insertSetupIntent(ctx.db, {
    id: newId('seti'),
    ...scopeColumns(ctx.scope),
    created: ctx.clock.now(),
    customer: p.customer ?? null,
    payment_method: p.payment_method ?? null,
    status: p.payment_method === undefined ? 'requires_payment_method' : 'requires_confirmation',
    usage: p.usage ?? 'off_session',
    description: p.description ?? null,
    return_url: p.return_url ?? null,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  await recordEvent(ctx, 'setup_intent.created', await toSetupIntent(ctx, row));
  return toSetupIntent(ctx, p.confirm ? await runSetup(ctx, row, null) : row);
}

const UPDATABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export async function updateSetupIntent(ctx: Ctx, id: string, p: UpdateSetupIntentParams): Promise<SetupIntentObject> {
  const row = await requireSetupIntent(ctx, id);
  if (!UPDATABLE.includes(row.status)) throw BursarError.invalid(`You cannot update this SetupIntent because it has a status of ${row.status}.`, undefined, 'setup_intent_unexpected_state');
  if (p.customer !== undefined) {
    if (row.customer !== null && row.customer !== p.customer) throw BursarError.invalid('You cannot change the customer of a SetupIntent that has one.', 'customer');
    await requireCustomer(ctx, p.customer, 'customer');
  }
  const updated = await updateSetupIntentRow(ctx.db, ctx.scope, id, {
    ...(p.customer !== undefined && { customer: p.customer }),
    ...(p.payment_method !== undefined && { payment_method: p.payment_method, status: 'requires_confirmation', processor_ref: null }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(parseJson<Record<string, string>>(row.metadata, {}), p.metadata)) }),
  });
  return toSetupIntent(ctx, updated);
}

export async function confirmSetupIntent(ctx: Ctx, id: string, p: ConfirmSetupIntentParams): Promise<SetupIntentObject> {
  let row = await requireSetupIntent(ctx, id);
  if (p.return_url !== undefined) row = await updateSetupIntentRow(ctx.db, ctx.scope, id, { return_url: p.return_url });
  return toSetupIntent(ctx, await runSetup(ctx, row, p.payment_method ?? null));
}

const CANCELABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export async function cancelSetupIntent(ctx: Ctx, id: string, reason: string | undefined): Promise<SetupIntentObject> {
  const row = await requireSetupIntent(ctx, id);
  if (!CANCELABLE.includes(row.status)) throw BursarError.invalid(`You cannot cancel this SetupIntent because it has a status of ${row.status}.`, undefined, 'setup_intent_unexpected_state');
  const canceled = await updateSetupIntentRow(ctx.db, ctx.scope, id, { status: 'canceled', cancellation_reason: reason ?? null, processor_ref: null });
  const object = await toSetupIntent(ctx, canceled);
  await recordEvent(ctx, 'setup_intent.canceled', object);
  return object;
}
