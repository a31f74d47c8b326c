import * as z from 'zod';
import { amount, bool, clearable, decimalAmount, int, list, metadata, quantity, str } from '../../api/params.ts';
import { MAX_AMOUNT } from '../../billing/amount-limit.ts';
import { currency, taxBehavior } from '../prices/price-data.ts';
import { productDataParams } from '../products/schemas.ts';
import { discountsParam } from './schemas.ts';

// The lines of add_lines and update_lines, as Stripe declares them. Each line becomes (or
// changes) an invoice item; quantity_decimal, tax_amounts and line discounts are refused
// by lines.ts with a 400 that says they are not supported.

/** How many lines one request may add, update or remove. */
export const MAX_LINES = 100;

const period = () => z.strictObject({ start: int({ min: 0 }), end: int({ min: 0 }) });

/** A one-time price made for the line (inactive, as Stripe's inline prices are). */
const linePriceData = () =>
  z.strictObject({
    currency: currency(),
    product: str(255).optional(),
    product_data: productDataParams.optional(),
    tax_behavior: taxBehavior().optional(),
    unit_amount: amount().optional(),
    unit_amount_decimal: decimalAmount().optional(),
  });

const lineFields = {
  amount: amount(-MAX_AMOUNT).optional(),
  discountable: bool().optional(),
  discounts: discountsParam().optional(),
  metadata: metadata().optional(),
  period: period().optional(),
  price_data: linePriceData().optional(),
  pricing: z.strictObject({ price: str(255).optional() }).optional(),
  quantity: quantity(1).optional(),
  quantity_decimal: str(40).optional(),
  tax_amounts: clearable(list(z.unknown(), 20)).optional(),
  tax_rates: clearable(list(str(255), 10)).optional(),
};

export const addLinesParams = z.strictObject({
  lines: list(z.strictObject({ ...lineFields, description: str(500).optional(), invoice_item: str(255).optional() }), MAX_LINES),
  invoice_metadata: metadata().optional(),
});

export const updateLinesParams = z.strictObject({
  lines: list(z.strictObject({ ...lineFields, id: str(255), description: clearable(str(500)).optional() }), MAX_LINES),
  invoice_metadata: metadata().optional(),
});

/** `POST /v1/invoices/:id/lines/:line` (updateLineItem): one line's fields, its id in the path. */
export const updateLineItemParams = z.strictObject({ ...lineFields, description: clearable(str(500)).optional() });

export const removeLinesParams = z.strictObject({
  lines: list(z.strictObject({ id: str(255), behavior: z.enum(['delete', 'unassign']) }), MAX_LINES),
  invoice_metadata: metadata().optional(),
});

export type AddLinesParams = z.output<typeof addLinesParams>;
export type UpdateLinesParams = z.output<typeof updateLinesParams>;
export type UpdateLineItemParams = z.output<typeof updateLineItemParams>;
export type RemoveLinesParams = z.output<typeof removeLinesParams>;
export type LineParams = AddLinesParams['lines'][number] | UpdateLinesParams['lines'][number];
