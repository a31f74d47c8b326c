import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CreditNoteLinesTable, CreditNotesTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { findScoped, insertRow, selectScoped, updateScoped, type Row } from '../../db/scoped.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';
import type { RangeParam } from '../../api/params.ts';

export type CreditNoteRow = Row<'credit_notes'>;
export type CreditNoteLineRow = Selectable<CreditNoteLinesTable>;

export const insertCreditNote = (db: Db, row: Insertable<CreditNotesTable>) => insertRow(db, 'credit_notes', row);

export const findCreditNote = (db: Db, scope: Scope, id: string) => findScoped(db, 'credit_notes', scope, id);

export const updateCreditNoteRow = (db: Db, scope: Scope, id: string, patch: Updateable<CreditNotesTable>) => updateScoped(db, 'credit_notes', scope, id, patch);

export async function insertCreditNoteLines(db: Db, rows: Insertable<CreditNoteLinesTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('credit_note_lines').values(rows).execute();
}

/** A credit note's lines, in the order given. */
export async function creditNoteLinesOf(db: Db, scope: Scope, creditNote: string): Promise<CreditNoteLineRow[]> {
  const s = scopeColumns(scope);
  return db
    .selectFrom('credit_note_lines')
    .selectAll()
    .where('project_id', '=', s.project_id)
    .where('livemode', '=', s.livemode)
    .where('credit_note', '=', creditNote)
    .orderBy('seq', 'asc')
    .execute() as Promise<CreditNoteLineRow[]>;
}

/** How much issued credit notes already credit of each line of an invoice (before discounts and tax). */
export async function creditedPerInvoiceLine(db: Db, scope: Scope, invoice: string): Promise<Map<string, number>> {
  const s = scopeColumns(scope);
  const rows = await db
    .selectFrom('credit_note_lines as l')
    .innerJoin('credit_notes as n', (j) => j.onRef('n.project_id', '=', 'l.project_id').onRef('n.livemode', '=', 'l.livemode').onRef('n.id', '=', 'l.credit_note'))
    .select(['l.invoice_line_item', 'l.amount'])
    .where('n.project_id', '=', s.project_id)
    .where('n.livemode', '=', s.livemode)
    .where('n.invoice', '=', invoice)
    .where('n.status', '=', 'issued')
    .where('l.invoice_line_item', 'is not', null)
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.invoice_line_item!, (out.get(r.invoice_line_item!) ?? 0) + Number(r.amount));
  return out;
}

/** How many credit notes an invoice has (voided ones included: their numbers are not reused). */
/** What the invoice's issued credit notes account for of each refund they name (their `refunds`). */
export async function linkedRefundsOf(db: Db, scope: Scope, invoice: string): Promise<Map<string, number>> {
  const rows = await selectScoped(db, 'credit_notes', scope).clearSelect().select('refunds').where('invoice', '=', invoice).where('status', '=', 'issued').execute();
  const out = new Map<string, number>();
  for (const row of rows) {
    for (const r of JSON.parse(row.refunds) as { refund: string; amount_refunded: number }[]) out.set(r.refund, (out.get(r.refund) ?? 0) + r.amount_refunded);
  }
  return out;
}

export async function countCreditNotesOf(db: Db, scope: Scope, invoice: string): Promise<number> {
  const row = await selectScoped(db, 'credit_notes', scope)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('invoice', '=', invoice)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CreditNoteFilter {
  created?: RangeParam | undefined;
  customer?: string | undefined;
  invoice?: string | undefined;
}

export const listCreditNoteRows = (db: Db, scope: Scope, page: Page, filter: CreditNoteFilter) =>
  paginate(db, 'credit_notes', scope, page, 'credit note', (qb) => {
    let q = qb;
    if (filter.customer !== undefined) q = q.where('customer', '=', filter.customer);
    if (filter.invoice !== undefined) q = q.where('invoice', '=', filter.invoice);
    return q;
  }, { created: filter.created });

/** The credit note a public PDF link points to, in whichever project and mode it is. */
export async function findCreditNoteByLinkHash(db: Db, linkHash: string): Promise<CreditNoteRow | undefined> {
  return db.selectFrom('credit_notes').selectAll().where('link_hash', '=', linkHash).executeTakeFirst() as Promise<CreditNoteRow | undefined>;
}
