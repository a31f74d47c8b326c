import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, customId, describeInput, list, metadata, range, str } from '../../api/params.ts';
import { priceDataFields } from '../prices/price-data.ts';
import type { SearchFields } from '../../search/query.ts';

const statementDescriptor = () =>
  str(22).superRefine((s, ctx) => {
    if (/[<>\\'"*]/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'Invalid statement_descriptor: it cannot contain any of < > \\ \' " *' });
    }
  });

/** A package dimension in inches or ounces: a positive decimal, as Stripe takes it. */
const dimension = () =>
  z.preprocess(
    (v, ctx) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return Number(v);
      ctx.addIssue({ code: 'custom', message: `Invalid decimal: ${describeInput(v)}`, input: v });
      return z.NEVER;
    },
    z.number().positive().max(99999.99),
  );

const packageDimensions = () =>
  z.strictObject({ height: dimension(), length: dimension(), weight: dimension(), width: dimension() });

const marketingFeatures = () => list(z.strictObject({ name: str(80) }), 15);

const fields = {
  active: bool().optional(),
  metadata: metadata().optional(),
  statement_descriptor: statementDescriptor().optional(),
};

/** The product a price creates in passing (`product_data` of `POST /v1/prices`). */
export const productDataParams = z.strictObject({
  ...fields,
  id: customId('product').optional(),
  name: str(250).min(1),
  tax_code: str(50).optional(),
  unit_label: str(12).optional(),
});

export const createProductParams = productDataParams.extend({
  default_price_data: z.strictObject(priceDataFields).optional(),
  description: str(40000).optional(),
  images: list(str(2048), 8).optional(),
  marketing_features: marketingFeatures().optional(),
  package_dimensions: packageDimensions().optional(),
  shippable: bool().optional(),
  type: z.literal('service').optional(),
  url: str(5000).optional(),
});

export const updateProductParams = z.strictObject({
  ...fields,
  name: str(250).min(1).optional(),
  default_price: clearable(str(255)).optional(),
  description: clearable(str(40000)).optional(),
  images: clearable(list(str(2048), 8)).optional(),
  marketing_features: clearable(marketingFeatures()).optional(),
  package_dimensions: clearable(packageDimensions()).optional(),
  shippable: bool().optional(),
  tax_code: clearable(str(50)).optional(),
  unit_label: clearable(str(12)).optional(),
  url: clearable(str(5000)).optional(),
});

export const listProductsParams = z.strictObject({
  ...pageParams,
  active: bool().optional(),
  created: range().optional(),
  ids: list(str(255), 100).optional(),
  shippable: bool().optional(),
  type: z.literal('service').optional(),
  url: str(5000).optional(),
});

export type ProductDataParams = z.output<typeof productDataParams>;
export type CreateProductParams = z.output<typeof createProductParams>;
export type UpdateProductParams = z.output<typeof updateProductParams>;
export type ListProductsParams = z.output<typeof listProductsParams>;

/** What products can be searched by (Stripe's query fields for products). */
export const productSearchFields: SearchFields = {
  active: { kind: 'boolean' },
  description: { kind: 'text', nullable: true },
  metadata: { kind: 'metadata' },
  name: { kind: 'text' },
  shippable: { kind: 'boolean', nullable: true },
  url: { kind: 'text', nullable: true },
};
