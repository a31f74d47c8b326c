import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { toTaxRateObject, type TaxRateObject } from './object.ts';
import { findTaxRate, insertTaxRate, listTaxRateRows, updateTaxRateRow, type TaxRateFilter, type TaxRateRow } from './repository.ts';
import type { CreateTaxRateParams, UpdateTaxRateParams } from './schemas.ts';

/** A tax rate of the caller's scope, or Stripe's 404 naming `param`. */
export async function requireTaxRate(ctx: Ctx, id: string, param = 'tax_rate'): Promise<TaxRateRow> {
  const row = await findTaxRate(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('tax rate', id, param);
  return row;
}

export async function createTaxRate(ctx: Ctx, p: CreateTaxRateParams): Promise<TaxRateObject> {
  const row = await insertTaxRate(ctx.db, {
    id: newId('txr'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: ctx.clock.now(),
    active: p.active === false ? 0 : 1,
    display_name: p.display_name,
    description: p.description ?? null,
    percentage_ten_thousandths: p.percentage,
    inclusive: p.inclusive ? 1 : 0,
    country: p.country ?? null,
    state: p.state ?? null,
    jurisdiction: p.jurisdiction ?? null,
    tax_type: p.tax_type ?? null,
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  const object = toTaxRateObject(row);
  await recordEvent(ctx, 'tax_rate.created', object);
  return object;
}

export async function retrieveTaxRate(ctx: Ctx, id: string): Promise<TaxRateObject> {
  return toTaxRateObject(await requireTaxRate(ctx, id, 'id'));
}

export async function updateTaxRate(ctx: Ctx, id: string, p: UpdateTaxRateParams): Promise<TaxRateObject> {
  const row = await requireTaxRate(ctx, id, 'id');
  const before = toTaxRateObject(row);
  const patch = {
    ...(p.active !== undefined && { active: p.active ? 1 : 0 }),
    ...(p.display_name !== undefined && { display_name: p.display_name }),
    ...(p.description !== undefined && { description: p.description }),
    ...(p.jurisdiction !== undefined && { jurisdiction: p.jurisdiction }),
    ...(p.country !== undefined && { country: p.country }),
    ...(p.state !== undefined && { state: p.state }),
    ...(p.tax_type !== undefined && { tax_type: p.tax_type }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
  };
  const object = toTaxRateObject(await updateTaxRateRow(ctx.db, ctx.scope, id, patch));
  await recordEvent(ctx, 'tax_rate.updated', object, before);
  return object;
}

export async function listTaxRates(ctx: Ctx, page: Page, filter: TaxRateFilter) {
  const { rows, hasMore } = await listTaxRateRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/tax_rates', rows.map(toTaxRateObject), hasMore);
}
