import type { Ctx, Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata, parseParams } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { refuseInternalUrl } from '../../net/url.ts';
import { contractSchema, type Contract } from './contract.ts';
import { toEndpointObject, toSettingsObject, type EndpointObject, type SettingsObject } from './object.ts';
import { PRESETS } from './presets.ts';
import {
  deleteEndpointRow,
  endpointAtRoute,
  findEndpoint,
  findCustomerReference,
  findSettings,
  insertEndpoint,
  listEndpointRows,
  updateEndpointRow,
  upsertSettings,
  type SettingsRow,
} from './repository.ts';
import type { CreateEndpointParams, UpdateEndpointParams, UpdateSettingsParams } from './schemas.ts';

/** Objects merge key by key; anything else (arrays included) replaces. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validates a contract; its errors name `contract[…]` as a Stripe error would. */
function validContract(value: unknown): Contract {
  try {
    return parseParams(contractSchema, value);
  } catch (error) {
    if (!(error instanceof BursarError) || !error.param) throw error;
    const param = `contract[${error.param.replace('[', '][')}`.replace(/\]?$/, ']');
    throw BursarError.invalid(error.message.replaceAll(error.param, param), param, error.code);
  }
}

async function refuseTakenRoute(ctx: Ctx, contract: Contract, self?: string): Promise<void> {
  const taken = await endpointAtRoute(ctx.db, ctx.scope, contract.method, contract.path);
  if (taken && taken.id !== self) {
    throw BursarError.invalid(`App endpoint ${taken.id} already serves ${contract.method} ${contract.path}.`, 'path', 'resource_already_exists');
  }
}

export async function requireEndpoint(ctx: Ctx, id: string) {
  const row = await findEndpoint(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('app_endpoint', id);
  return row;
}

export async function createEndpoint(ctx: Ctx, p: CreateEndpointParams): Promise<EndpointObject> {
  if (p.preset === undefined && p.contract === undefined) throw BursarError.invalid('Missing required param: preset or contract.', 'preset', 'parameter_missing');
  const base = p.preset === undefined ? {} : PRESETS[p.preset];
  const overrides = { ...(p.path !== undefined && { path: p.path }), ...(p.method !== undefined && { method: p.method }) };
  const contract = validContract(merge(merge(base, p.contract ?? {}), overrides));
  await refuseTakenRoute(ctx, contract);
  const now = ctx.clock.now();
  const row = await insertEndpoint(ctx.db, {
    id: newId('ape'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: now,
    updated: now,
    preset: p.preset ?? null,
    method: contract.method,
    path: contract.path,
    enabled: p.enabled === false ? 0 : 1,
    contract: JSON.stringify(contract),
    metadata: JSON.stringify(mergeMetadata({}, p.metadata)),
  });
  return toEndpointObject(row);
}

export async function retrieveEndpoint(ctx: Ctx, id: string): Promise<EndpointObject> {
  return toEndpointObject(await requireEndpoint(ctx, id));
}

export async function updateEndpoint(ctx: Ctx, id: string, p: UpdateEndpointParams): Promise<EndpointObject> {
  const current = toEndpointObject(await requireEndpoint(ctx, id));
  const overrides = { ...(p.path !== undefined && { path: p.path }), ...(p.method !== undefined && { method: p.method }) };
  const contract = validContract(merge(merge(current.contract, p.contract ?? {}), overrides));
  await refuseTakenRoute(ctx, contract, id);
  const row = await updateEndpointRow(ctx.db, ctx.scope, id, {
    updated: ctx.clock.now(),
    method: contract.method,
    path: contract.path,
    contract: JSON.stringify(contract),
    ...(p.enabled !== undefined && { enabled: p.enabled ? 1 : 0 }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(current.metadata, p.metadata)) }),
  });
  return toEndpointObject(row);
}

export async function listEndpoints(ctx: Ctx, page: Page) {
  const { rows, hasMore } = await listEndpointRows(ctx.db, ctx.scope, page);
  return listObject('/v1/app_endpoints', rows.map(toEndpointObject), hasMore);
}

export async function deleteEndpoint(ctx: Ctx, id: string): Promise<{ id: string; object: 'app_endpoint'; deleted: true }> {
  await requireEndpoint(ctx, id);
  await deleteEndpointRow(ctx.db, ctx.scope, id);
  return { id, object: 'app_endpoint', deleted: true };
}

export const DEFAULT_CUSTOMER_REFERENCE = 'metadata.bursar_ref';

/** A project's settings in a mode; unset ones are empty, with the default customer reference. */
export async function settingsOf(db: Db, scope: Scope): Promise<SettingsRow> {
  return (
    (await findSettings(db, scope)) ?? {
      project_id: scope.projectId,
      livemode: scope.livemode ? 1 : 0,
      updated: 0,
      jwt_secret: null,
      jwks_url: null,
      issuer: null,
      audience: null,
      customer_reference: DEFAULT_CUSTOMER_REFERENCE,
      allowed_origins: '[]',
    }
  );
}

/**
 * Customer fields the app's endpoints know a customer by. An end user must not change them
 * (the portal does not offer them): a new value could name another user's billing.
 */
export async function referenceFields(db: Db, scope: Scope): Promise<string[]> {
  return ((await findCustomerReference(db, scope)) ?? DEFAULT_CUSTOMER_REFERENCE) === 'email' ? ['email'] : [];
}

export async function retrieveSettings(ctx: Ctx): Promise<SettingsObject> {
  return toSettingsObject(await settingsOf(ctx.db, ctx.scope));
}

export async function updateSettings(ctx: Ctx, p: UpdateSettingsParams): Promise<SettingsObject> {
  // Bursar fetches the key set when a token arrives: never from where this mode may not reach.
  if (p.jwks_url) refuseInternalUrl(p.jwks_url, { livemode: ctx.scope.livemode, allow: ctx.webhooks?.allow ?? [], param: 'jwks_url', requests: 'key set fetches' });
  const current = await settingsOf(ctx.db, ctx.scope);
  const origins = p.allowed_origins === undefined ? undefined : [...new Set((p.allowed_origins ?? []).map((o) => new URL(o).origin))];
  const row: SettingsRow = {
    ...current,
    updated: ctx.clock.now(),
    ...(p.jwt_secret !== undefined && { jwt_secret: p.jwt_secret }),
    ...(p.jwks_url !== undefined && { jwks_url: p.jwks_url }),
    ...(p.issuer !== undefined && { issuer: p.issuer }),
    ...(p.audience !== undefined && { audience: p.audience }),
    ...(p.customer_reference !== undefined && { customer_reference: p.customer_reference }),
    ...(origins !== undefined && { allowed_origins: JSON.stringify(origins) }),
  };
  await upsertSettings(ctx.db, row);
  return toSettingsObject(row);
}
