import type { Db } from './database.ts';

// Work that must wait until a transaction's writes are visible to others (waking the webhook
// dispatcher): registered inside the transaction, run once it committed, dropped on rollback.

const pending = new WeakMap<Db, Set<() => void>>();

/** Runs `fn` once `db`'s transaction commits (at once, after this tick, outside a transaction). */
export function afterCommit(db: Db, fn: () => void): void {
  if (!db.isTransaction) {
    queueMicrotask(fn);
    return;
  }
  let fns = pending.get(db);
  if (!fns) pending.set(db, (fns = new Set()));
  fns.add(fn);
}

/** `db.transaction().execute(work)`, then what the transaction registered with `afterCommit`. */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  let trx: Db | undefined;
  const result = await db.transaction().execute((t) => {
    trx = t;
    return work(t);
  });
  const fns = trx && pending.get(trx);
  if (fns) for (const fn of fns) fn();
  return result;
}
