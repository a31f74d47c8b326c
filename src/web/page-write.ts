import type { Ctx } from '../context.ts';
import { inTransaction } from '../db/after-commit.ts';
import { BursarError } from '../kit/errors.ts';
import { callRecordedAttempts } from '../modules/payment-intents/attempt.ts';
import { paymentError } from '../modules/invoices/pay.ts';

/**
 * Runs a page's write as the API runs one: in one transaction, so a change and its events
 * commit together; a failure that is itself a record (a declined charge) commits what it
 * wrote and is then thrown. Charges through a remote processor are made once their attempts
 * committed, and a decline among them is thrown the same way.
 */
export async function writeKeeping<T>(ctx: Ctx, run: (ctx: Ctx) => Promise<T>): Promise<T> {
  let kept: BursarError | null = null;
  const remoteCharges: string[] = [];
  const result = await inTransaction(ctx.db, async (trx) => {
    try {
      return await run({ ...ctx, db: trx, remoteCharges });
    } catch (error) {
      if (!(error instanceof BursarError && error.keepChanges)) throw error;
      kept = error;
      return undefined;
    }
  });
  if (kept) throw kept;
  const last = (await callRecordedAttempts(ctx, remoteCharges)).at(-1);
  const error = last && (await paymentError(ctx, last));
  if (error) throw error;
  return result as T;
}
