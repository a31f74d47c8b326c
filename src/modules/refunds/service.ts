import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import type { ApiObject } from '../../api/expand.ts';
import { mergeMetadata, type MetadataParam } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { parseJson } from '../../kit/json.ts';
import { recordEvent } from '../events/service.ts';
import type { ChargeRow } from '../payment-intents/repository.ts';
import { requireCharge, requirePaymentIntent } from '../payment-intents/service.ts';
import { refundCharge } from './attempt.ts';
import { shownStatus, toRefund, type RefundObject } from './object.ts';
import { findRefund, listRefundRows, updateRefundRow, type RefundFilter, type RefundRow } from './repository.ts';
import type { CreateRefundParams } from './schemas.ts';

export async function requireRefund(ctx: Ctx, id: string, param = 'id'): Promise<RefundRow> {
  const row = await findRefund(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('refund', id, param);
  return row;
}

/** The charge a refund's parameters name: `charge`, or the succeeded charge of `payment_intent`. */
async function chargeToRefund(ctx: Ctx, p: Pick<CreateRefundParams, 'charge' | 'payment_intent'>): Promise<ChargeRow> {
  if (p.payment_intent === undefined) {
    if (p.charge === undefined) throw BursarError.invalid('One of `charge` or `payment_intent` is required.', 'charge');
    return requireCharge(ctx, p.charge, 'charge');
  }
  const intent = await requirePaymentIntent(ctx, p.payment_intent, 'payment_intent');
  if (intent.status !== 'succeeded' || intent.latest_charge === null) {
    throw BursarError.invalid(`PaymentIntent ${intent.id} has a status of ${intent.status}: only a succeeded payment can be refunded.`, 'payment_intent');
  }
  if (p.charge !== undefined && p.charge !== intent.latest_charge) {
    throw BursarError.invalid(`Charge ${p.charge} is not the charge of PaymentIntent ${intent.id}.`, 'charge');
  }
  return requireCharge(ctx, intent.latest_charge, 'payment_intent');
}

export async function createRefund(ctx: Ctx, p: CreateRefundParams): Promise<RefundObject> {
  const charge = await chargeToRefund(ctx, p);
  return toRefund(ctx, await refundCharge(ctx, charge, { amount: p.amount, reason: p.reason, metadata: mergeMetadata({}, p.metadata) }));
}

export const retrieveRefund = async (ctx: Ctx, id: string): Promise<RefundObject> => toRefund(ctx, await requireRefund(ctx, id));

export async function updateRefund(ctx: Ctx, id: string, p: { metadata?: MetadataParam }): Promise<RefundObject> {
  const before = await requireRefund(ctx, id);
  if (p.metadata === undefined) return toRefund(ctx, before);
  const after = await updateRefundRow(ctx.db, ctx.scope, id, { metadata: JSON.stringify(mergeMetadata(parseJson(before.metadata, {}), p.metadata)) });
  const object = toRefund(ctx, after);
  await recordEvent(ctx, 'refund.updated', object, toRefund(ctx, before));
  return object;
}

export async function listRefunds(ctx: Ctx, page: Page, filter: RefundFilter) {
  if (filter.charge !== undefined) await requireCharge(ctx, filter.charge, 'charge');
  if (filter.payment_intent !== undefined) await requirePaymentIntent(ctx, filter.payment_intent, 'payment_intent');
  const { rows, hasMore } = await listRefundRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/refunds', rows.map((r) => toRefund(ctx, r)), hasMore);
}

/** `charge.refunds` (shown when expanded, as Stripe does): the charge's refunds, newest first. */
export async function refundsOfCharge(ctx: Ctx, charge: string): Promise<ApiObject> {
  const { rows, hasMore } = await listRefundRows(ctx.db, ctx.scope, { limit: 100 }, { charge });
  return listObject(`/v1/charges/${charge}/refunds`, rows.map((r) => toRefund(ctx, r)), hasMore);
}

/**
 * As Stripe: only a refund waiting for the customer's action (requires_action) can be
 * canceled. No processor Bursar speaks to leaves a refund so: the others are refused.
 */
export async function cancelRefund(ctx: Ctx, id: string): Promise<RefundObject> {
  const refund = await requireRefund(ctx, id);
  throw BursarError.invalid(`You can only cancel a refund with a status of requires_action; refund ${refund.id} has a status of ${shownStatus(refund.status)}.`, undefined, 'refund_unexpected_state');
}
