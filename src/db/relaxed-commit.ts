import { sql } from 'kysely';
import { inTransaction } from './after-commit.ts';
import type { Db } from './database.ts';
import { engineOf } from './engine.ts';

/**
 * `inTransaction`, committed without waiting for the disk: a crash of the process loses
 * nothing, a crash of the machine may lose the last such commits. For bookkeeping whose
 * loss only repeats work (a webhook delivery's lease or outcome: the delivery is made
 * again), never for a change a caller was told about. SQLite skips the commit's fsync
 * (`synchronous = NORMAL` in WAL mode, for this transaction only: the connection is back to
 * FULL, as opened, before anything else runs on it); PostgreSQL sets `synchronous_commit`
 * off for the transaction.
 */
export async function inRelaxedTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (engineOf(db) === 'postgres') {
    return inTransaction(db, async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  // SQLite takes the setting only outside a transaction, and it holds for the connection:
  // the one connection is held from before the transaction until the setting is restored.
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = normal`.execute(conn);
    try {
      return await inTransaction(conn, work);
    } finally {
      await sql`pragma synchronous = full`.execute(conn);
    }
  });
}
