import type { Ctx } from '../context.ts';
import { inTransaction } from '../db/after-commit.ts';
import { BursarError } from '../kit/errors.ts';

/**
 * Runs a page's write as the API runs one: in one transaction, so a change and its events
 * commit together; a failure that is itself a record (a declined charge) commits what it
 * wrote and is then thrown.
 */
export async function writeKeeping<T>(ctx: Ctx, run: (ctx: Ctx) => Promise<T>): Promise<T> {
  let kept: BursarError | null = null;
  const result = await inTransaction(ctx.db, async (trx) => {
    try {
      return await run({ ...ctx, db: trx });
    } catch (error) {
      if (!(error instanceof BursarError && error.keepChanges)) throw error;
      kept = error;
      return undefined;
    }
  });
  if (kept) throw kept;
  return result as T;
}
