// Many subscriptions at once for benchmarks, by bulk SQL. Creating them through the API
// is far too slow (about 40 ms each on PostgreSQL), so a few are created through it and
// copied: a copy is every row the create service wrote for its template (the subscription,
// its items, its first invoice with its lines, the payment, the events), with fresh ids,
// invoice number and invoice link, and items holding their copy's seq. Columns and values
// are the service's own, so a copy renews through the same code path as the subscription it
// was copied from.
import type { Kysely } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { newId } from '../../src/kit/ids.ts';
import { invoiceLinkHash, invoiceLinkToken } from '../../src/modules/invoices/links.ts';

const TABLES = ['subscriptions', 'subscription_items', 'invoices', 'invoice_items', 'payment_intents', 'charges', 'events'] as const;
type Table = (typeof TABLES)[number];
type Values = Record<string, unknown>;

/** Rows per multi-row INSERT stay under both engines' bound-parameter limits (SQLite 32766). */
const MAX_PARAMS = 30_000;
/** Copies written per transaction. */
const COPIES_PER_TRANSACTION = 5_000;

export interface Template {
  rows: Record<Table, Values[]>;
  /** Every id, invoice number, link token and link hash the rows hold, found in any column. */
  replaced: RegExp;
  invoices: { id: string; number: string; token: string; linkHash: string }[];
  scope: { project_id: string; livemode: number };
}

/** The id of the object an event is about: its data starts with it (recordEvent writes `{"object":{"id":…`). */
export function eventObjectId(data: string): string | undefined {
  return /^\{"object":\{"id":"([^"]+)"/.exec(data)?.[1];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads back what the create service wrote for subscription `id`. */
export async function readTemplate(db: Db, id: string): Promise<Template> {
  const subscriptions = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).execute();
  const sub = subscriptions[0];
  if (!sub) throw new Error(`no subscription ${id}`);
  const items = await db.selectFrom('subscription_items').selectAll().where('subscription', '=', id).execute();
  const invoices = await db.selectFrom('invoices').selectAll().where('subscription', '=', id).execute();
  const invoiceIds = invoices.map((i) => i.id);
  const invoiceItems = await db.selectFrom('invoice_items').selectAll().where('invoice', 'in', invoiceIds).execute();
  const intents = await db.selectFrom('payment_intents').selectAll().where('invoice', 'in', invoiceIds).execute();
  const charges = await db.selectFrom('charges').selectAll().where('invoice', 'in', invoiceIds).execute();
  // Its events happened when it was created; the ones about other objects stay out.
  const about = new Set([id, ...invoiceIds]);
  const events = (await db.selectFrom('events').selectAll().where('created', '=', sub.created).orderBy('seq', 'asc').execute()).filter((e) =>
    about.has(eventObjectId(e.data) ?? ''),
  );
  const rows: Template['rows'] = { subscriptions, subscription_items: items, invoices, invoice_items: invoiceItems, payment_intents: intents, charges, events };
  const linked = [];
  for (const i of invoices) {
    if (i.number === null || i.link_hash === null) throw new Error(`template invoice ${i.id} is not finalized`);
    linked.push({ id: i.id, number: i.number, token: await invoiceLinkToken(db, i.id), linkHash: i.link_hash });
  }
  const ids = [...TABLES.flatMap((t) => rows[t].map((r) => r.id as string)), ...invoiceItems.map((r) => r.line_id), ...intents.map((r) => r.invoice_payment as string)];
  const olds = [...ids, ...linked.flatMap((i) => [i.number, i.token, i.linkHash])];
  return {
    rows,
    replaced: new RegExp(olds.map(escape).join('|'), 'g'),
    invoices: linked,
    scope: { project_id: sub.project_id, livemode: sub.livemode },
  };
}

/** What replaces each of the template's strings in one copy; `number` is its invoice's number. */
async function replacements(db: Db, t: Template, nextNumber: () => number): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const table of TABLES) for (const r of t.rows[table]) map.set(r.id as string, newId((r.id as string).split('_')[0]));
  for (const r of t.rows.invoice_items) map.set(r.line_id as string, newId('il'));
  for (const r of t.rows.payment_intents) map.set(r.invoice_payment as string, `inpay_${map.get(r.id as string)!.slice(3)}`);
  for (const i of t.invoices) {
    const id = map.get(i.id)!;
    map.set(i.number, `${i.number.slice(0, i.number.lastIndexOf('-'))}-${String(nextNumber()).padStart(4, '0')}`);
    map.set(i.token, await invoiceLinkToken(db, id));
    map.set(i.linkHash, await invoiceLinkHash(db, id));
  }
  return map;
}

function copyRow(row: Values, t: Template, map: Map<string, string>): Values {
  const out: Values = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === 'seq') continue; // the engine numbers rows as they come
    out[column] = typeof value === 'string' ? value.replace(t.replaced, (s) => map.get(s)!) : value;
  }
  return out;
}

async function insertMany(db: Kysely<any>, table: Table, rows: Values[]): Promise<void> {
  if (rows.length === 0) return;
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]).length));
  for (let i = 0; i < rows.length; i += perInsert) await db.insertInto(table).values(rows.slice(i, i + perInsert)).execute();
}

/** A copied item takes its copy's `seq` (numbered by the engine as it went in), not its template's. */
async function pointItemsAtCopies(db: Kysely<any>, items: Values[]): Promise<void> {
  const ids = items.map((r) => r.id as string);
  for (let i = 0; i < ids.length; i += MAX_PARAMS) {
    await db
      .updateTable('subscription_items')
      .set((eb) => ({ subscription_seq: eb.selectFrom('subscriptions').select('seq').whereRef('subscriptions.id', '=', 'subscription_items.subscription') }))
      .where('id', 'in', ids.slice(i, i + MAX_PARAMS))
      .execute();
  }
}

/**
 * Writes `count` copies of the templates (taken in turn) in a few big transactions, and
 * moves the project's invoice number counter past the numbers the copies took.
 */
export async function seedCopies(db: Db, templates: readonly Template[], count: number, onProgress?: (done: number) => void): Promise<void> {
  if (count === 0) return;
  const { scope } = templates[0];
  const counter = await db.selectFrom('invoice_number_counters').select('last_number').where('project_id', '=', scope.project_id).where('livemode', '=', scope.livemode).executeTakeFirstOrThrow();
  let last = Number(counter.last_number);
  const nextNumber = () => ++last;
  for (let done = 0; done < count; ) {
    const n = Math.min(COPIES_PER_TRANSACTION, count - done);
    const batch = Object.fromEntries(TABLES.map((t) => [t, [] as Values[]])) as Record<Table, Values[]>;
    for (let i = 0; i < n; i++) {
      const t = templates[(done + i) % templates.length];
      const map = await replacements(db, t, nextNumber);
      for (const table of TABLES) for (const r of t.rows[table]) batch[table].push(copyRow(r, t, map));
    }
    await db.transaction().execute(async (trx) => {
      for (const table of TABLES) await insertMany(trx as Kysely<any>, table, batch[table]);
      await pointItemsAtCopies(trx as Kysely<any>, batch.subscription_items);
      await trx.updateTable('invoice_number_counters').set({ last_number: last }).where('project_id', '=', scope.project_id).where('livemode', '=', scope.livemode).execute();
    });
    done += n;
    onProgress?.(done);
  }
}
