import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createInvoiceItemParams, listInvoiceItemsParams, updateInvoiceItemParams } from './schemas.ts';
import { createInvoiceItem, deleteInvoiceItem, listInvoiceItems, retrieveInvoiceItem, updateInvoiceItem } from './service.ts';

const tag = 'Invoice items';
const none = z.strictObject({});

export const invoiceItemRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/invoiceitems',
    returns: 'invoiceitem',
    tag,
    summary: "Create an invoice item: pending for the customer's next invoice, or on a draft invoice",
    params: createInvoiceItemParams,
    handle: (ctx, p) => createInvoiceItem(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/invoiceitems/:id',
    returns: 'invoiceitem',
    tag,
    summary: 'Retrieve an invoice item',
    params: none,
    handle: (ctx, _p, path) => retrieveInvoiceItem(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/invoiceitems/:id',
    returns: 'invoiceitem',
    tag,
    summary: 'Update an invoice item while pending or on a draft invoice',
    params: updateInvoiceItemParams,
    handle: (ctx, p, path) => updateInvoiceItem(ctx, path.id, p),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/invoiceitems/:id',
    returns: 'invoiceitem',
    tag,
    summary: 'Delete an invoice item while pending or on a draft invoice',
    params: none,
    handle: (ctx, _p, path) => deleteInvoiceItem(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/invoiceitems',
    returns: { list: 'invoiceitem' },
    tag,
    summary: 'List invoice items, newest first',
    params: listInvoiceItemsParams,
    handle: (ctx, p) => listInvoiceItems(ctx, p, { created: p.created, customer: p.customer, invoice: p.invoice, pending: p.pending }),
  }),
];
