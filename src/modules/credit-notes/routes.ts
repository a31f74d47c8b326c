import { defineRoute } from '../../api/route.ts';
import {
  createCreditNoteParams, listCreditNoteLinesParams, listCreditNotesParams, previewCreditNoteLinesParams, previewCreditNoteParams, updateCreditNoteParams,
} from './schemas.ts';
import * as z from 'zod';
import {
  createCreditNote, listCreditNoteLines, listCreditNotes, previewCreditNote, previewCreditNoteLines, retrieveCreditNote, updateCreditNote, voidCreditNote,
} from './service.ts';

const tag = 'Credit notes';
const returns = 'credit_note';

export const creditNoteRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/credit_notes',
    returns,
    tag,
    summary: 'Issue a credit note for an open, paid or uncollectible invoice (lines or amount; credit_amount to the balance, refund_amount refunded through the payment, refunds[] linking existing refunds, out_of_band_amount)',
    params: createCreditNoteParams,
    handle: (ctx, p) => createCreditNote(ctx, p),
  }),
  // Before /v1/credit_notes/:id, which would otherwise take preview for an id.
  defineRoute({
    method: 'GET',
    path: '/v1/credit_notes/preview',
    returns,
    tag,
    summary: 'Preview the credit note these parameters would issue; writes nothing',
    params: previewCreditNoteParams,
    handle: (ctx, p) => previewCreditNote(ctx, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/credit_notes/preview/lines',
    returns: { list: 'credit_note_line_item' },
    tag,
    summary: "List the lines of a credit note's preview",
    params: previewCreditNoteLinesParams,
    handle: (ctx, { limit, starting_after, ending_before, ...p }) => previewCreditNoteLines(ctx, p, { limit, starting_after, ending_before }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/credit_notes/:id',
    cacheable: true,
    returns,
    tag,
    summary: 'Retrieve a credit note',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveCreditNote(ctx, path.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/credit_notes/:id',
    returns,
    tag,
    summary: "Update a credit note's memo and metadata",
    params: updateCreditNoteParams,
    handle: (ctx, p, path) => updateCreditNote(ctx, path.id, p),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/credit_notes/:id/void',
    returns,
    tag,
    summary: 'Void a credit note: the invoice owes its pre-payment part again and the balance credit is taken back',
    params: z.strictObject({}),
    handle: (ctx, _p, path) => voidCreditNote(ctx, path.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/credit_notes/:id/lines',
    returns: { list: 'credit_note_line_item' },
    tag,
    summary: "List a credit note's lines, in order",
    params: listCreditNoteLinesParams,
    handle: (ctx, p, path) => listCreditNoteLines(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/credit_notes',
    returns: { list: returns },
    tag,
    summary: 'List credit notes, newest first (filters customer, invoice, created)',
    params: listCreditNotesParams,
    handle: (ctx, p) => listCreditNotes(ctx, p, { created: p.created, customer: p.customer, invoice: p.invoice }),
  }),
];
