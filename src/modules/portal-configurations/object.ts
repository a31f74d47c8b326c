import { parseJson } from '../../kit/json.ts';
import type { PortalConfigurationRow } from './repository.ts';

export interface PortalProduct {
  product: string;
  prices: string[];
  adjustable_quantity: { enabled: boolean; maximum: number | null; minimum: number };
}

/** `features` as Stripe shows them, every field present. */
export interface PortalFeatures {
  customer_update: { enabled: boolean; allowed_updates: string[] };
  invoice_history: { enabled: boolean };
  payment_method_update: { enabled: boolean; payment_method_configuration: string | null };
  subscription_cancel: {
    enabled: boolean;
    mode: 'at_period_end' | 'immediately';
    proration_behavior: 'none' | 'create_prorations' | 'always_invoice';
    cancellation_reason: { enabled: boolean; options: string[]; feedback_options: null };
  };
  subscription_pause: { enabled: boolean };
  subscription_update: {
    enabled: boolean;
    billing_cycle_anchor: null;
    default_allowed_updates: string[];
    products: PortalProduct[];
    proration_behavior: 'none' | 'create_prorations' | 'always_invoice';
    schedule_at_period_end: { conditions: { type: string }[] };
    trial_update_behavior: 'end_trial';
  };
}

export interface BusinessProfile {
  headline: string | null;
  privacy_policy_url: string | null;
  terms_of_service_url: string | null;
}

/** Bursar's addition: the name, logo and accent colour the portal shows. */
export interface Branding {
  business_name: string | null;
  logo_url: string | null;
  accent_color: string | null;
}

/** Bursar's addition: origins that may frame the portal (frame-ancestors). */
export interface Embedding {
  allowed_origins: string[];
}

/** The portal configuration as Stripe shows it, with Bursar's `branding` and `embedding`. */
export function toConfigurationObject(row: PortalConfigurationRow) {
  const features = parseJson<PortalFeatures>(row.features, {} as PortalFeatures);
  return {
    id: row.id,
    object: 'billing_portal.configuration' as const,
    active: row.active === 1,
    application: null,
    branding: parseJson<Branding>(row.branding, { business_name: null, logo_url: null, accent_color: null }),
    business_profile: parseJson<BusinessProfile>(row.business_profile, { headline: null, privacy_policy_url: null, terms_of_service_url: null }),
    created: row.created,
    default_return_url: row.default_return_url,
    embedding: parseJson<Embedding>(row.embedding, { allowed_origins: [] }),
    // Pausing is not offered in the portal, so it has no durations to choose from.
    features: { ...features, subscription_pause: { duration: { interval_options: [], type: 'indefinite' as const }, ...features.subscription_pause } },
    is_default: row.is_default === 1,
    livemode: row.livemode === 1,
    login_page: { enabled: false, url: null },
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    name: row.name,
    updated: row.updated,
  };
}

export type ConfigurationObject = ReturnType<typeof toConfigurationObject>;
