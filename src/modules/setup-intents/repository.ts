import type { Insertable, Updateable } from 'kysely';
import type { Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { paginate } from '../../db/paginate.ts';
import type { Page } from '../../api/list.ts';
import type { SetupIntentsTable } from '../../db/schema.ts';
import { findScoped, insertRow, transitionScoped, updateScoped, type Row } from '../../db/scoped.ts';

export type SetupIntentRow = Row<'setup_intents'>;

export const insertSetupIntent = (db: Db, row: Insertable<SetupIntentsTable>) => insertRow(db, 'setup_intents', row);
export const findSetupIntent = (db: Db, scope: Scope, id: string) => findScoped(db, 'setup_intents', scope, id);
export const updateSetupIntentRow = (db: Db, scope: Scope, id: string, patch: Updateable<SetupIntentsTable>) => updateScoped(db, 'setup_intents', scope, id, patch);

export function listSetupIntentRows(db: Db, scope: Scope, page: Page, filter: { customer?: string | undefined; payment_method?: string | undefined }) {
  return paginate(db, 'setup_intents', scope, page, 'setup intent', (qb) => {
    const byCustomer = filter.customer === undefined ? qb : qb.where('customer', '=', filter.customer);
    return filter.payment_method === undefined ? byCustomer : byCustomer.where('payment_method', '=', filter.payment_method);
  });
}

/** The setup awaiting the authentication a processor's ref names (the test gateway's challenge), any project. */
export const findSetupAwaiting = (db: Db, processorRef: string): Promise<SetupIntentRow | undefined> =>
  db.selectFrom('setup_intents').selectAll().where('processor_ref', '=', processorRef).where('status', '=', 'requires_action').executeTakeFirst();

/** Moves a setup intent from one of `from` to what `patch` says, once (undefined when it had moved on). */
export const transitionSetupIntent = (db: Db, scope: Scope, id: string, from: readonly string[], patch: Updateable<SetupIntentsTable>): Promise<SetupIntentRow | undefined> =>
  transitionScoped(db, 'setup_intents', scope, id, from, patch);

/** This project's setup backed by a remote processor's setup intent `ref` (Stripe's seti_…). */
export const findSetupOfProcessorRef = (db: Db, scope: Scope, processorRef: string): Promise<SetupIntentRow | undefined> =>
  db.selectFrom('setup_intents').selectAll().where('project_id', '=', scope.projectId).where('livemode', '=', scope.livemode ? 1 : 0).where('processor_ref', '=', processorRef).executeTakeFirst();
