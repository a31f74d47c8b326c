import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { BursarError } from '../../kit/errors.ts';
import { requireCharge, requirePaymentIntent } from '../payment-intents/service.ts';
import { toDispute, type DisputeObject } from './object.ts';
import { findDispute, listDisputeRows, type DisputeFilter } from './repository.ts';

export async function retrieveDispute(ctx: Ctx, id: string): Promise<DisputeObject> {
  const row = await findDispute(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('dispute', id);
  return toDispute(ctx, row);
}

export async function listDisputes(ctx: Ctx, page: Page, filter: DisputeFilter) {
  if (filter.charge !== undefined) await requireCharge(ctx, filter.charge, 'charge');
  if (filter.payment_intent !== undefined) await requirePaymentIntent(ctx, filter.payment_intent, 'payment_intent');
  const { rows, hasMore } = await listDisputeRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/disputes', rows.map((r) => toDispute(ctx, r)), hasMore);
}
