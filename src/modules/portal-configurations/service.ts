import type { Ctx } from '../../context.ts';
import { listObject, type Page } from '../../api/list.ts';
import { mergeMetadata } from '../../api/params.ts';
import { BursarError } from '../../kit/errors.ts';
import { newId } from '../../kit/ids.ts';
import { recordEvent } from '../events/service.ts';
import { applyFeatures, BASE_FEATURES, DEFAULT_FEATURES } from './features.ts';
import { toConfigurationObject, type Branding, type BusinessProfile, type ConfigurationObject, type Embedding, type PortalFeatures } from './object.ts';
import {
  findConfiguration,
  findDefaultConfiguration,
  insertConfiguration,
  insertDefaultConfiguration,
  listConfigurationRows,
  updateConfigurationRow,
  type ConfigurationFilter,
  type PortalConfigurationRow,
} from './repository.ts';
import type { BrandingParam, CreateConfigurationParams, UpdateConfigurationParams } from './schemas.ts';

type Common = Pick<UpdateConfigurationParams, 'business_profile' | 'branding' | 'embedding' | 'login_page'>;

function refuseLoginPage(p: Common): void {
  if (p.login_page?.enabled) throw BursarError.invalid('The portal login page is not supported: create a session for each visit.', 'login_page[enabled]');
}

function businessProfileOf(current: BusinessProfile, p: Common['business_profile']): BusinessProfile {
  if (!p) return current;
  return {
    headline: p.headline === undefined ? current.headline : p.headline,
    privacy_policy_url: p.privacy_policy_url === undefined ? current.privacy_policy_url : p.privacy_policy_url,
    terms_of_service_url: p.terms_of_service_url === undefined ? current.terms_of_service_url : p.terms_of_service_url,
  };
}

function brandingOf(current: Branding, p: BrandingParam | undefined): Branding {
  if (!p) return current;
  return {
    business_name: p.business_name === undefined ? current.business_name : p.business_name,
    logo_url: p.logo_url === undefined ? current.logo_url : p.logo_url,
    accent_color: p.accent_color === undefined ? current.accent_color : (p.accent_color?.toLowerCase() ?? null),
  };
}

function embeddingOf(current: Embedding, p: Common['embedding']): Embedding {
  if (p?.allowed_origins === undefined) return current;
  return { allowed_origins: [...new Set((p.allowed_origins ?? []).map((o) => new URL(o).origin))] };
}

const EMPTY = {
  business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null } as BusinessProfile,
  branding: { business_name: null, logo_url: null, accent_color: null } as Branding,
  embedding: { allowed_origins: [] } as Embedding,
};

function newRow(ctx: Ctx, features: PortalFeatures, values: { isDefault: boolean; p?: CreateConfigurationParams }) {
  const now = ctx.clock.now();
  const p = values.p;
  return {
    id: newId('bpc'),
    project_id: ctx.scope.projectId,
    livemode: ctx.scope.livemode ? 1 : 0,
    created: now,
    updated: now,
    active: 1,
    is_default: values.isDefault ? 1 : 0,
    name: p?.name ?? null,
    default_return_url: p?.default_return_url ?? null,
    business_profile: JSON.stringify(businessProfileOf(EMPTY.business_profile, p?.business_profile)),
    features: JSON.stringify(features),
    branding: JSON.stringify(brandingOf(EMPTY.branding, p?.branding)),
    embedding: JSON.stringify(embeddingOf(EMPTY.embedding, p?.embedding)),
    metadata: JSON.stringify(mergeMetadata({}, p?.metadata)),
  };
}

export async function requireConfiguration(ctx: Ctx, id: string, param = 'id'): Promise<PortalConfigurationRow> {
  const row = await findConfiguration(ctx.db, ctx.scope, id);
  if (!row) throw BursarError.notFound('billing_portal.configuration', id, param);
  return row;
}

/** The project's default configuration in this mode, made on first use. */
export async function defaultConfiguration(ctx: Ctx): Promise<PortalConfigurationRow> {
  const found = await findDefaultConfiguration(ctx.db, ctx.scope);
  if (found) return found;
  const row = newRow(ctx, DEFAULT_FEATURES, { isDefault: true });
  if (await insertDefaultConfiguration(ctx.db, row)) await recordEvent(ctx, 'billing_portal.configuration.created', toConfigurationObject({ ...row, seq: 0 }));
  return (await findDefaultConfiguration(ctx.db, ctx.scope))!;
}

/** The configuration a customer's request uses: the one it names (active), or the default one. */
export async function configurationFor(ctx: Ctx, id: string | undefined, param = 'configuration'): Promise<PortalConfigurationRow> {
  const config = id === undefined ? await defaultConfiguration(ctx) : await requireConfiguration(ctx, id, param);
  if (config.active !== 1) throw BursarError.invalid(`Configuration ${config.id} is not active.`, param);
  return config;
}

export async function createConfiguration(ctx: Ctx, p: CreateConfigurationParams): Promise<ConfigurationObject> {
  refuseLoginPage(p);
  const features = await applyFeatures(ctx, BASE_FEATURES, p.features);
  const object = toConfigurationObject(await insertConfiguration(ctx.db, newRow(ctx, features, { isDefault: false, p })));
  await recordEvent(ctx, 'billing_portal.configuration.created', object);
  return object;
}

export async function retrieveConfiguration(ctx: Ctx, id: string): Promise<ConfigurationObject> {
  return toConfigurationObject(await requireConfiguration(ctx, id));
}

export async function updateConfiguration(ctx: Ctx, id: string, p: UpdateConfigurationParams): Promise<ConfigurationObject> {
  refuseLoginPage(p);
  const row = await requireConfiguration(ctx, id);
  const before = toConfigurationObject(row);
  if (p.active === false && before.is_default) throw BursarError.invalid('The default configuration cannot be deactivated.', 'active');
  const updated = await updateConfigurationRow(ctx.db, ctx.scope, id, {
    updated: ctx.clock.now(),
    ...(p.active !== undefined && { active: p.active ? 1 : 0 }),
    ...(p.name !== undefined && { name: p.name }),
    ...(p.default_return_url !== undefined && { default_return_url: p.default_return_url }),
    ...(p.metadata !== undefined && { metadata: JSON.stringify(mergeMetadata(before.metadata, p.metadata)) }),
    business_profile: JSON.stringify(businessProfileOf(before.business_profile, p.business_profile)),
    branding: JSON.stringify(brandingOf(before.branding, p.branding)),
    embedding: JSON.stringify(embeddingOf(before.embedding, p.embedding)),
    features: JSON.stringify(await applyFeatures(ctx, before.features, p.features)),
  });
  const object = toConfigurationObject(updated);
  await recordEvent(ctx, 'billing_portal.configuration.updated', object, before);
  return object;
}

export async function listConfigurations(ctx: Ctx, page: Page, filter: ConfigurationFilter) {
  await defaultConfiguration(ctx);
  const { rows, hasMore } = await listConfigurationRows(ctx.db, ctx.scope, page, filter);
  return listObject('/v1/billing_portal/configurations', rows.map(toConfigurationObject), hasMore);
}
