import { sql } from 'kysely';
import type { Db } from './database.ts';

let counter = 0;

/**
 * Runs `fn` inside a savepoint of the caller's transaction (`db` must be one): if it throws,
 * its writes are undone and the error rethrown, and the transaction can go on (PostgreSQL
 * would otherwise refuse every later statement of it). Both engines speak the same SQL here.
 */
export async function withSavepoint<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (!db.isTransaction) throw new Error('withSavepoint needs a transaction');
  const name = sql.raw(`bursar_sp_${++counter}`);
  await sql`savepoint ${name}`.execute(db);
  try {
    const result = await fn();
    await sql`release savepoint ${name}`.execute(db);
    return result;
  } catch (error) {
    await sql`rollback to savepoint ${name}`.execute(db);
    throw error;
  }
}
