import { parseJson } from '../../kit/json.ts';
import type { ProductRow } from './repository.ts';

export interface PackageDimensions {
  height: number;
  length: number;
  weight: number;
  width: number;
}

/** The product as Stripe shows it. */
export function toProductObject(row: ProductRow) {
  return {
    id: row.id,
    object: 'product' as const,
    active: row.active === 1,
    created: row.created,
    default_price: row.default_price,
    description: row.description,
    images: parseJson<string[]>(row.images, []),
    livemode: row.livemode === 1,
    marketing_features: parseJson<{ name: string }[]>(row.marketing_features, []),
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    name: row.name,
    package_dimensions: parseJson<PackageDimensions | null>(row.package_dimensions, null),
    shippable: row.shippable === null ? null : row.shippable === 1,
    statement_descriptor: row.statement_descriptor,
    tax_code: row.tax_code,
    tax_details: null,
    // Bursar sells services; Stripe's `good` type belongs to its retired Orders API.
    type: 'service' as const,
    unit_label: row.unit_label,
    updated: row.updated,
    url: row.url,
  };
}

export type ProductObject = ReturnType<typeof toProductObject>;
