import * as z from 'zod';
import { pageParams } from '../../api/list.ts';
import { bool, clearable, int, list, metadata, origin, str } from '../../api/params.ts';
import { urlParam } from '../../net/url.ts';
import { PRORATION_BEHAVIORS } from '../subscriptions/schemas.ts';
import { MAX_ADJUSTABLE_QUANTITY } from './quantity-range.ts';

export const ALLOWED_CUSTOMER_UPDATES = ['email', 'name', 'phone', 'address', 'shipping', 'tax_id'] as const;
/** Stripe's eight cancellation reasons, also the `feedback` a cancellation records. */
export const CANCELLATION_REASONS = ['too_expensive', 'missing_features', 'switched_service', 'unused', 'customer_service', 'too_complex', 'low_quality', 'other'] as const;
export const DEFAULT_ALLOWED_UPDATES = ['price', 'quantity', 'promotion_code'] as const;
export const SCHEDULE_CONDITIONS = ['decreasing_item_amount', 'shortening_interval'] as const;

const product = z.strictObject({
  product: str(255),
  prices: list(str(255), 20),
  // Stripe's ceiling for a customer-adjustable quantity (as in Checkout): a line stays an exact integer.
  adjustable_quantity: z.strictObject({ enabled: bool(), maximum: int({ min: 1, max: MAX_ADJUSTABLE_QUANTITY }).optional(), minimum: int({ min: 0, max: MAX_ADJUSTABLE_QUANTITY }).optional() }).optional(),
});

/** `features` of an update: every part optional; a create requires `enabled` where Stripe does. */
function featuresSchema(forCreate: boolean) {
  const enabled = forCreate ? bool() : bool().optional();
  return z.strictObject({
    customer_update: z.strictObject({ enabled, allowed_updates: clearable(list(z.enum(ALLOWED_CUSTOMER_UPDATES), 6)).optional() }).optional(),
    invoice_history: z.strictObject({ enabled: bool() }).optional(),
    payment_method_update: z.strictObject({ enabled: bool(), payment_method_configuration: clearable(str(255)).optional() }).optional(),
    subscription_cancel: z
      .strictObject({
        enabled,
        mode: z.enum(['at_period_end', 'immediately']).optional(),
        proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
        cancellation_reason: z
          .strictObject({ enabled: bool(), options: clearable(list(z.enum(CANCELLATION_REASONS), 8)).optional() })
          .optional(),
      })
      .optional(),
    subscription_update: z
      .strictObject({
        enabled,
        default_allowed_updates: clearable(list(z.enum(DEFAULT_ALLOWED_UPDATES), 3)).optional(),
        products: clearable(list(product, 10)).optional(),
        proration_behavior: z.enum(PRORATION_BEHAVIORS).optional(),
        schedule_at_period_end: z.strictObject({ conditions: clearable(list(z.strictObject({ type: z.enum(SCHEDULE_CONDITIONS) }), 2)).optional() }).optional(),
      })
      .optional(),
  });
}

const businessProfile = z.strictObject({
  headline: clearable(str(60)).optional(),
  privacy_policy_url: clearable(urlParam()).optional(),
  terms_of_service_url: clearable(urlParam()).optional(),
});

/** Bursar's addition: how the portal looks. */
const branding = z.strictObject({
  business_name: clearable(str(100)).optional(),
  logo_url: clearable(urlParam(2000)).optional(),
  accent_color: clearable(str(7).regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #635bff')).optional(),
});

/** Bursar's addition: the origins that may show the portal in a frame. */
const embedding = z.strictObject({ allowed_origins: clearable(list(origin(), 10)).optional() });

const common = {
  business_profile: businessProfile.optional(),
  default_return_url: clearable(urlParam()).optional(),
  metadata: metadata().optional(),
  name: clearable(str(256)).optional(),
  login_page: z.strictObject({ enabled: bool() }).optional(),
  branding: branding.optional(),
  embedding: embedding.optional(),
};

export const createConfigurationParams = z.strictObject({ ...common, features: featuresSchema(true) });

export const updateConfigurationParams = z.strictObject({ ...common, active: bool().optional(), features: featuresSchema(false).optional() });

export const listConfigurationsParams = z.strictObject({ ...pageParams, active: bool().optional(), is_default: bool().optional() });

export type CreateConfigurationParams = z.output<typeof createConfigurationParams>;
export type UpdateConfigurationParams = z.output<typeof updateConfigurationParams>;
export type FeaturesParam = NonNullable<UpdateConfigurationParams['features']>;
export type BrandingParam = NonNullable<UpdateConfigurationParams['branding']>;
