import type { Db } from '../../db/database.ts';
import { scopeColumns, type Scope } from '../../context.ts';

const customersIn = (db: Db, scope: Scope) => {
  const s = scopeColumns(scope);
  return db.selectFrom('processor_customers').where('project_id', '=', s.project_id).where('livemode', '=', s.livemode);
};

export async function findProcessorCustomerRef(db: Db, scope: Scope, customer: string, processor: string): Promise<string | undefined> {
  return (await customersIn(db, scope).select('ref').where('customer', '=', customer).where('processor', '=', processor).executeTakeFirst())?.ref;
}

/** The Bursar customer of a processor's customer, if Bursar made it. */
export async function findCustomerOfRef(db: Db, scope: Scope, processor: string, ref: string): Promise<string | undefined> {
  return (await customersIn(db, scope).select('customer').where('processor', '=', processor).where('ref', '=', ref).executeTakeFirst())?.customer;
}

/** Keeps a ref unless one is kept already (a process that made one at the same moment): the first stays. */
export async function insertProcessorCustomerRef(db: Db, scope: Scope, row: { customer: string; processor: string; ref: string; created: number }): Promise<void> {
  await db
    .insertInto('processor_customers')
    .values({ ...scopeColumns(scope), ...row })
    .onConflict((oc) => oc.columns(['project_id', 'livemode', 'customer', 'processor']).doNothing())
    .execute();
}

export async function insertProcessorSetup(db: Db, scope: Scope, row: { processor: string; ref: string; customer: string; created: number }): Promise<void> {
  await db.insertInto('processor_setups').values({ ...scopeColumns(scope), ...row }).execute();
}

/** The customer who started a card collection, if it was started here. */
export async function findSetupCustomer(db: Db, scope: Scope, processor: string, ref: string): Promise<string | undefined> {
  const s = scopeColumns(scope);
  const row = await db.selectFrom('processor_setups').select('customer').where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).where('processor', '=', processor).where('ref', '=', ref).executeTakeFirst();
  return row?.customer;
}
