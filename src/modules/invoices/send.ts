import type { Ctx } from '../../context.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { findCustomer } from '../customers/repository.ts';
import type { InvoiceObject } from './object.ts';
import { insertInvoiceSend } from './repository.ts';
import { requireInvoice, retrieveInvoice } from './service.ts';
import { finalizeInvoice } from './transitions.ts';

/**
 * Sends an invoice to its customer, as Stripe's `POST /v1/invoices/:id/send`: only one
 * collected by `send_invoice`, never a void one, and only to a customer with an email; a
 * draft is finalized first. The send is recorded (`invoice_sends`) for the email sender to
 * deliver; event invoice.sent. Bursar delivers no email yet (docs/invoices.md).
 */
export async function sendInvoice(ctx: Ctx, id: string): Promise<InvoiceObject> {
  const row = await requireInvoice(ctx, id);
  if (row.collection_method !== 'send_invoice') {
    throw BursarError.invalid("You can only manually send an invoice if its collection method is 'send_invoice'.", undefined, 'invoice_unexpected_state');
  }
  if (row.status === 'void') throw BursarError.invalid(`Invoice ${id} is void; a void invoice cannot be sent.`, undefined, 'invoice_unexpected_state');
  const email = (await findCustomer(ctx.db, ctx.scope, row.customer))?.email;
  if (!email) throw BursarError.invalid('Missing email. In order to create invoices that are sent to the customer, the customer must have a valid email.', 'customer');
  if (row.status === 'draft') await finalizeInvoice(ctx, id);
  await insertInvoiceSend(ctx.db, {
    id: newId('isend'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    invoice: id,
    email,
    requested_at: ctx.clock.now(),
    delivered_at: null,
  });
  const object = await retrieveInvoice(ctx, id);
  await recordEvent(ctx, 'invoice.sent', object);
  return object;
}
