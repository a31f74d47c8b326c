import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { amount, clearable, metadata, range, str } from '../../api/params.ts';
import { MAX_AMOUNT } from '../../billing/amount-limit.ts';
import { currency } from '../prices/price-data.ts';

const editable = {
  description: clearable(str(350)).optional(),
  metadata: metadata().optional(),
};

export const createBalanceTransactionParams = z.strictObject({
  amount: amount(-MAX_AMOUNT),
  currency: currency(),
  ...editable,
});

export const updateBalanceTransactionParams = z.strictObject(editable);

export const listBalanceTransactionsParams = z.strictObject({
  ...pageParams,
  created: range().optional(),
  invoice: str(255).optional(),
});

export type CreateBalanceTransactionParams = z.output<typeof createBalanceTransactionParams>;
export type UpdateBalanceTransactionParams = z.output<typeof updateBalanceTransactionParams>;
export type ListBalanceTransactionsParams = z.output<typeof listBalanceTransactionsParams>;
