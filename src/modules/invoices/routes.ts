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
  searchRoute({ resource: 'invoices', type: 'invoice', tag, fields: invoiceSearchFields, search: searchInvoices }),
];
