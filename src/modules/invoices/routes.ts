import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { defineRoute } from '../../api/route.ts';
import { searchRoute } from '../../api/search-route.ts';
import { createInvoiceParams, finalizeInvoiceParams, invoiceSearchFields, listInvoicesParams, payInvoiceParams, updateInvoiceParams } from './schemas.ts';
import { createInvoice, deleteInvoice, listInvoiceLines, listInvoices, retrieveInvoice, searchInvoices, updateInvoice } from './service.ts';
import { finalizeInvoice, markInvoiceUncollectible, voidInvoice } from './transitions.ts';
import { invoiceAfterPayment, payInvoice } from './pay.ts';
import type { InvoiceObject } from './object.ts';
import { previewInvoice } from './preview.ts';
import { previewInvoiceParams } from './preview-schemas.ts';
import { addLines, removeLines, updateLineItem, updateLines } from './lines.ts';
import { addLinesParams, removeLinesParams, updateLineItemParams, updateLinesParams } from './lines-schemas.ts';
import { sendInvoice } from './send.ts';

const tag = 'Invoices';
const none = z.strictObject({});

export const invoiceRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/invoices',
    returns: 'invoice',
    tag,
    summary: "Create a draft invoice (pending_invoice_items_behavior=include takes the customer's pending items)",
    params: createInvoiceParams,
    handle: (ctx, p) => createInvoice(ctx, p),
  }),
  // Before /v1/invoices/:id, which would otherwise take create_preview for an id.
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/create_preview',
    returns: 'invoice',
    tag,
    summary: "Preview a customer's or subscription's next invoice, optionally with a subscription change; writes nothing",
    params: previewInvoiceParams,
    readOnly: true,
    handle: (ctx, p) => previewInvoice(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/invoices/:id',
    cacheable: true,
    returns: 'invoice',
    tag,
    summary: 'Retrieve an invoice',
    params: none,
    handle: (ctx, _p, path) => retrieveInvoice(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id',
    returns: 'invoice',
    tag,
    summary: 'Update a draft invoice',
    params: updateInvoiceParams,
    handle: (ctx, p, path) => updateInvoice(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/invoices/:id',
    returns: 'invoice',
    tag,
    summary: 'Delete a draft invoice; its items return to pending',
    params: none,
    handle: (ctx, _p, path) => deleteInvoice(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/invoices/:id/lines',
    cacheable: true,
    returns: { list: 'line_item' },
    tag,
    summary: "List an invoice's lines, in order",
    params: z.strictObject(pageParams),
    handle: (ctx, p, path) => listInvoiceLines(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/invoices',
    returns: { list: 'invoice' },
    tag,
    summary: 'List invoices, newest first',
    params: listInvoicesParams,
    handle: (ctx, p) => listInvoices(ctx, p, { created: p.created, customer: p.customer, status: p.status, collectionMethod: p.collection_method, subscription: p.subscription }),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/finalize',
    returns: 'invoice',
    tag,
    summary: 'Finalize a draft invoice: number it and open it for payment',
    params: finalizeInvoiceParams,
    handle: (ctx, p, path) => finalizeInvoice(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/pay',
    returns: 'invoice',
    tag,
    summary: 'Pay an open or uncollectible invoice with a card, or mark it paid out of band',
    params: payInvoiceParams,
    handle: (ctx, p, path) => payInvoice(ctx, path.id, p),
    afterCharges: (ctx, invoice, settled) => invoiceAfterPayment(ctx, invoice as InvoiceObject, settled),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/void',
    returns: 'invoice',
    tag,
    summary: 'Void an open or uncollectible invoice',
    params: none,
    handle: (ctx, _p, path) => voidInvoice(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/mark_uncollectible',
    returns: 'invoice',
    tag,
    summary: 'Mark an open invoice uncollectible (it can still be paid)',
    params: none,
    handle: (ctx, _p, path) => markInvoiceUncollectible(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/send',
    returns: 'invoice',
    tag,
    summary: 'Send a send_invoice invoice to its customer (a draft is finalized first); the send is recorded, the email is not delivered yet',
    params: none,
    handle: (ctx, _p, path) => sendInvoice(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/add_lines',
    returns: 'invoice',
    tag,
    summary: 'Add lines to a draft invoice: new invoice items, or pending ones of its customer (invoice_item)',
    params: addLinesParams,
    handle: (ctx, p, path) => addLines(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/update_lines',
    returns: 'invoice',
    tag,
    summary: "Update lines of a draft invoice (a subscription's own line: description, discountable, metadata, period and tax_rates only)",
    params: updateLinesParams,
    handle: (ctx, p, path) => updateLines(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/lines/:line',
    returns: 'line_item',
    tag,
    summary: 'Update one line of a draft invoice, as update_lines does; answers the line',
    params: updateLineItemParams,
    handle: (ctx, p, path) => updateLineItem(ctx, path.id, path.line, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoices/:id/remove_lines',
    returns: 'invoice',
    tag,
    summary: 'Remove lines from a draft invoice: delete their items, or unassign them (pending again)',
    params: removeLinesParams,
    handle: (ctx, p, path) => removeLines(ctx, path.id, p),
  }),
  searchRoute({ resource: 'invoices', type: 'invoice', tag, fields: invoiceSearchFields, search: searchInvoices }),
];
