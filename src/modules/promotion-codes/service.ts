import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata, paramName } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId, randomCode } from '../../kit/ids.ts';
import { isCurrency } from '../../kit/money.ts';
import { recordEvent } from '../events/service.ts';
import { requireValidCoupon } from '../coupons/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { toPromotionCodeObject, type PromotionCodeObject } from './object.ts';
import {
  codeKey,
  findActivePromotionCode,
  findPromotionCode,
  insertPromotionCode,
  listPromotionCodeRows,
  updatePromotionCodeRow,
  type PromotionCodeFilter,
  type PromotionCodeRow,
} from './repository.ts';
import type { CreatePromotionCodeParams, CurrencyOptions, UpdatePromotionCodeParams } from './schemas.ts';

/** A promotion code of the caller's scope, or Stripe's 404 naming `param`. */
export async function requirePromotionCode(ctx: Ctx, id: string, param = 'promotion_code'): Promise<PromotionCodeRow> {
  const row = await findPromotionCode(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('promotion code', id, param);
  return row;
}

const codeTaken = (code: string, param: string) =>
  BursarError.invalid(`An active promotion code with \`code: ${code}\` already exists.`, param, 'resource_already_exists');

/** The coupon's id and where the request named it: `promotion[coupon]`, or the older top-level `coupon`. */
function couponParam(p: CreatePromotionCodeParams): [string, string] {
  if (p.promotion !== undefined && p.coupon !== undefined) {
    throw BursarError.invalid('You may only specify one of these parameters: coupon, promotion.', 'coupon');
  }
  const id = p.promotion?.coupon ?? p.coupon;
  if (id === undefined) throw BursarError.invalid('Missing required param: promotion[coupon].', 'promotion[coupon]', 'parameter_missing');
  return [id, p.coupon !== undefined ? 'coupon' : 'promotion[coupon]'];
}

/** Per-currency minimums with lowercase currency keys; an unknown currency is refused by name. */
function currencyOptionsOf(options: CurrencyOptions | undefined, at: string[]): CurrencyOptions {
  const out: CurrencyOptions = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (!isCurrency(key)) throw BursarError.invalid(`Invalid currency: ${key}.`, paramName([...at, key]));
    out[key.toLowerCase()] = value;
  }
  return out;
}

type Restrictions = NonNullable<CreatePromotionCodeParams['restrictions']>;

function checkMinimum(r: Restrictions | undefined): void {
  if (r?.minimum_amount !== undefined && r.minimum_amount_currency === undefined) {
    throw BursarError.invalid('Missing required param: restrictions[minimum_amount_currency].', 'restrictions[minimum_amount_currency]', 'parameter_missing');
  }
  if (r?.minimum_amount === undefined && r?.minimum_amount_currency !== undefined) {
    throw BursarError.invalid('Missing required param: restrictions[minimum_amount].', 'restrictions[minimum_amount]', 'parameter_missing');
  }
}

export async function createPromotionCode(ctx: Ctx, p: CreatePromotionCodeParams): Promise<PromotionCodeObject> {
  const [couponId, couponAt] = couponParam(p);
  const coupon = await requireValidCoupon(ctx, couponId, couponAt);
  if (p.customer !== undefined) await requireCustomer(ctx, p.customer, 'customer');
  const now = ctx.clock.now();
  if (p.expires_at !== undefined && p.expires_at <= now) throw BursarError.invalid('expires_at must be in the future.', 'expires_at');
  if (p.expires_at !== undefined && coupon.redeem_by !== null && p.expires_at > coupon.redeem_by) {
    throw BursarError.invalid(`expires_at cannot be after the coupon's redeem_by (${coupon.redeem_by}).`, 'expires_at');
  }
  checkMinimum(p.restrictions);
  const currencyOptions = currencyOptionsOf(p.restrictions?.currency_options, ['restrictions', 'currency_options']);
  const active = p.active !== false;
  if (p.code !== undefined && active && (await findActivePromotionCode(ctx.db, ctx.scope, p.code))) throw codeTaken(p.code, 'code');
  // A generated code is retried on the (unlikely) clash with an active code; a given one is not.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = p.code ?? randomCode(12);
    const row = await insertPromotionCode(ctx.db, {
      id: newId('promo'),
      project_id: ctx.scope.projectId,
      livemode: ctx.scope.livemode ? 1 : 0,
      created: now,
      coupon: coupon.id,
      code,
      code_key: codeKey(code),
      active: active ? 1 : 0,
      customer: p.customer ?? null,
      expires_at: p.expires_at ?? null,
      max_redemptions: p.max_redemptions ?? null,
      times_redeemed: 0,
      first_time_transaction: p.restrictions?.first_time_transaction ? 1 : 0,
      minimum_amount: p.restrictions?.minimum_amount ?? null,
      minimum_amount_currency: p.restrictions?.minimum_amount_currency ?? null,
      currency_options: JSON.stringify(currencyOptions),
      metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
    });
    if (row) {
      const object = toPromotionCodeObject(row);
      await recordEvent(ctx, 'promotion_code.created', object);
      return object;
    }
    if (p.code !== undefined) break;
  }
  throw codeTaken(p.code ?? '(generated)', 'code');
}

export async function retrievePromotionCode(ctx: Ctx, id: string): Promise<PromotionCodeObject> {
  return toPromotionCodeObject(await requirePromotionCode(ctx, id, 'id'));
}

/** Reactivating needs a coupon that is still valid and a code no other active promotion code holds. */
async function checkReactivation(ctx: Ctx, row: PromotionCodeRow): Promise<void> {
  await requireValidCoupon(ctx, row.coupon, 'active');
  if (await findActivePromotionCode(ctx.db, ctx.scope, row.code)) throw codeTaken(row.code, 'active');
}

export async function updatePromotionCode(ctx: Ctx, id: string, p: UpdatePromotionCodeParams): Promise<PromotionCodeObject> {
  const row = await requirePromotionCode(ctx, id, 'id');
  if (p.active === true && row.active === 0) await checkReactivation(ctx, row);
  const before = toPromotionCodeObject(row);
  const options = p.restrictions?.currency_options;
  const patch = {
    ...(p.active !== undefined && { active: p.active ? 1 : 0 }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
    ...(options !== undefined && {
      currency_options: JSON.stringify({
        ...before.restrictions.currency_options,
        ...currencyOptionsOf(options, ['restrictions', 'currency_options']),
      }),
    }),
  };
  const object = toPromotionCodeObject(await updatePromotionCodeRow(ctx.db, ctx.scope, id, patch));
  await recordEvent(ctx, 'promotion_code.updated', object, before);
  return object;
}

export async function listPromotionCodes(ctx: Ctx, page: Page, filter: PromotionCodeFilter) {
  const { rows, hasMore } = await listPromotionCodeRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/promotion_codes', rows.map(toPromotionCodeObject), hasMore);
}
