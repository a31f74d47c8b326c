import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { formatMoney } from '../../kit/format-money.ts';
import type { InvoiceObject } from '../invoices/object.ts';
import { chargesOfInvoice, type ChargeRow } from '../payment-intents/repository.ts';
import { findRefund, RELEASED } from '../refunds/repository.ts';
import { linkedRefundsOf } from './repository.ts';
import type { CreditNoteParams } from './schemas.ts';

export interface LinkedRefund {
  refund: string;
  amount_refunded: number;
}

/** What a credit note gives back through the invoice's payment, checked; nothing written. */
export interface RefundPlan {
  /** The invoice's succeeded charge, if it was paid by one. */
  charge: ChargeRow | null;
  /** The refund to create (`refund_amount`), 0 for none. */
  create: number;
  /** Existing refunds it accounts for (`refunds[]`). */
  linked: LinkedRefund[];
  /** create + linked: its part of post_payment_amount. */
  total: number;
  /**
   * Refunds of the invoice's payment that no credit note accounts for (made with
   * /v1/refunds), less those this one links: as Stripe, they lower what is left to credit.
   */
  refundedOutside: number;
}

/**
 * Plans a credit note's refunds as Stripe checks them: `refund_amount` refunds the charge
 * that paid the invoice, at most what is left to refund of it; each of `refunds[]` names a
 * refund of that charge that did not fail, for at most what no credit note accounts for yet.
 */
export async function planRefunds(ctx: Ctx, invoice: InvoiceObject, p: Pick<CreditNoteParams, 'refund_amount' | 'refunds'>): Promise<RefundPlan> {
  const money = (x: number) => formatMoney(x, invoice.currency);
  const charge = (await chargesOfInvoice(ctx.db, ctx.scope, invoice.id)).find((c) => c.status === 'succeeded') ?? null;
  const accounted = await linkedRefundsOf(ctx.db, ctx.scope, invoice.id);
  const create = p.refund_amount ?? 0;
  if (create > 0) {
    if (!charge) throw BursarError.invalid(`Invoice ${invoice.id} was not paid by a charge: there is no payment to refund. Use credit_amount or out_of_band_amount.`, 'refund_amount');
    const left = charge.amount - charge.amount_refunded;
    if (create > left) throw BursarError.invalid(`refund_amount (${money(create)}) is more than what is left to refund of invoice ${invoice.id}'s payment, ${money(left)}.`, 'refund_amount');
  }
  const linked: LinkedRefund[] = [];
  for (const [i, r] of (p.refunds ?? []).entries()) {
    const at = (field: string) => `refunds[${i}][${field}]`;
    if (r.refund === undefined) throw BursarError.invalid('Missing required param: refund.', at('refund'), 'parameter_missing');
    const row = await findRefund(ctx.db, ctx.scope, r.refund);
    if (!row) throw BursarError.notFound('refund', r.refund, at('refund'));
    if (row.charge !== charge?.id) throw BursarError.invalid(`Refund ${row.id} is not a refund of invoice ${invoice.id}'s payment.`, at('refund'));
    if (RELEASED.includes(row.status)) throw BursarError.invalid(`Refund ${row.id} has a status of ${row.status}: it gave nothing back.`, at('refund'));
    const before = (accounted.get(row.id) ?? 0) + linked.filter((l) => l.refund === row.id).reduce((sum, l) => sum + l.amount_refunded, 0);
    const amount = r.amount_refunded ?? row.amount - before;
    if (amount <= 0 || before + amount > row.amount) {
      throw BursarError.invalid(`Refund ${row.id} has ${money(row.amount - before)} that no credit note accounts for; amount_refunded must be more than 0 and at most that.`, at('amount_refunded'));
    }
    linked.push({ refund: row.id, amount_refunded: amount });
  }
  const linkedTotal = linked.reduce((sum, l) => sum + l.amount_refunded, 0);
  const accountedTotal = [...accounted.values()].reduce((sum, x) => sum + x, 0);
  const refundedOutside = charge ? Math.max(0, charge.amount_refunded - accountedTotal - linkedTotal) : 0;
  return { charge, create, linked, total: create + linkedTotal, refundedOutside };
}
