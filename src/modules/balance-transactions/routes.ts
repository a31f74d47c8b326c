import * as z from 'zod';
import { defineRoute } from '../../api/route.ts';
import { createBalanceTransactionParams, listBalanceTransactionsParams, updateBalanceTransactionParams } from './schemas.ts';
import { createBalanceTransaction, listBalanceTransactions, retrieveBalanceTransaction, updateBalanceTransaction } from './service.ts';

const tag = 'Customer balance transactions';
const returns = 'customer_balance_transaction';

export const balanceTransactionRoutes = [
  defineRoute({
    method: 'POST',
    path: '/v1/customers/:id/balance_transactions',
    returns,
    tag,
    summary: "Adjust a customer's balance (negative credits it); the first one sets the customer's currency",
    params: createBalanceTransactionParams,
    handle: (ctx, p, path) => createBalanceTransaction(ctx, path.id, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers/:id/balance_transactions/:transaction',
    cacheable: true,
    returns,
    tag,
    summary: "Retrieve one of a customer's balance transactions",
    params: z.strictObject({}),
    handle: (ctx, _p, path) => retrieveBalanceTransaction(ctx, path.id, path.transaction),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/customers/:id/balance_transactions/:transaction',
    returns,
    tag,
    summary: "Update a balance transaction's description and metadata",
    params: updateBalanceTransactionParams,
    handle: (ctx, p, path) => updateBalanceTransaction(ctx, path.id, path.transaction, p),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/customers/:id/balance_transactions',
    returns: { list: returns },
    tag,
    summary: "List every change of a customer's balance, newest first",
    params: listBalanceTransactionsParams,
    handle: (ctx, p, path) => listBalanceTransactions(ctx, path.id, p, { created: p.created, invoice: p.invoice }),
  }),
];
