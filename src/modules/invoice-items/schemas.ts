import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { amount, bool, clearable, int, list, metadata, quantity, range, str } from '../../api/params.ts';
import { MAX_AMOUNT } from '../../billing/amount-limit.ts';
import { currency } from '../prices/price-data.ts';

const period = () => z.strictObject({ start: int({ min: 0 }), end: int({ min: 0 }) });
const taxRates = () => clearable(list(str(255), 10));
/** The current way to price an item by a Price (`pricing[price]`); `price` is the older spelling of the same. */
const pricing = () => z.strictObject({ price: str(255).optional() });

// Which of amount / price, and the currency they need, are checked by the service:
// those errors name the parameter the way Stripe does.
export const createInvoiceItemParams = z.strictObject({
  customer: str(255),
  amount: amount(-MAX_AMOUNT).optional(),
  currency: currency().optional(),
  pricing: pricing().optional(),
  price: str(255).optional(),
  quantity: quantity(1).optional(),
  description: str(500).optional(),
  discountable: bool().optional(),
  invoice: str(255).optional(),
  period: period().optional(),
  tax_rates: taxRates().optional(),
  metadata: metadata().optional(),
});

export const updateInvoiceItemParams = z.strictObject({
  amount: amount(-MAX_AMOUNT).optional(),
  pricing: pricing().optional(),
  price: str(255).optional(),
  quantity: quantity(1).optional(),
  description: clearable(str(500)).optional(),
  discountable: bool().optional(),
  period: period().optional(),
  tax_rates: taxRates().optional(),
  metadata: metadata().optional(),
});

export const listInvoiceItemsParams = z.strictObject({
  ...pageParams,
  created: range().optional(),
  customer: str(255).optional(),
  invoice: str(255).optional(),
  pending: bool().optional(),
});

export type CreateInvoiceItemParams = z.output<typeof createInvoiceItemParams>;
export type UpdateInvoiceItemParams = z.output<typeof updateInvoiceItemParams>;
export type ListInvoiceItemsParams = z.output<typeof listInvoiceItemsParams>;
