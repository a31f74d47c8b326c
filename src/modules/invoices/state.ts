import { BursarError } from '../../kit/errors.ts';
import type { InvoiceRow } from './repository.ts';

/** Refuses an action on an invoice in the wrong status, naming the status it is in. */
export function requireStatus(row: Pick<InvoiceRow, 'id' | 'status'>, allowed: readonly string[], action: string): void {
  if (allowed.includes(row.status)) return;
  const listed = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  const which = `${/^[aeiou]/.test(listed) ? 'an' : 'a'} ${listed}`;
  throw BursarError.invalid(`Invoice ${row.id} is ${row.status}; only ${which} invoice can be ${action}.`, undefined, 'invoice_unexpected_state');
}
