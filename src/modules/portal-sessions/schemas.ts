import * as z from 'zod';
import { int, list, quantity, str } from '../../api/params.ts';
import { urlParam } from '../../net/url.ts';

/** The locales Stripe's portal takes; `auto` follows the browser (Accept-Language). */
export const SESSION_LOCALES = [
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-AU', 'en-CA', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'en-SG', 'es', 'es-419', 'et', 'fi', 'fil',
  'fr', 'fr-CA', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv',
  'th', 'tr', 'vi', 'zh', 'zh-HK', 'zh-TW', 'ar', 'he', 'zh-Hans',
] as const;

export const FLOW_TYPES = ['payment_method_update', 'subscription_cancel', 'subscription_update', 'subscription_update_confirm'] as const;

const flowData = z.strictObject({
  type: z.enum(FLOW_TYPES),
  after_completion: z
    .strictObject({
      type: z.enum(['hosted_confirmation', 'portal_homepage', 'redirect']),
      hosted_confirmation: z.strictObject({ custom_message: str(500).optional() }).optional(),
      redirect: z.strictObject({ return_url: urlParam() }).optional(),
    })
    .optional(),
  subscription_cancel: z
    .strictObject({
      subscription: str(255),
      retention: z.strictObject({ type: z.literal('coupon_offer'), coupon_offer: z.strictObject({ coupon: str(255) }) }).optional(),
    })
    .optional(),
  subscription_update: z.strictObject({ subscription: str(255) }).optional(),
  subscription_update_confirm: z
    .strictObject({
      subscription: str(255),
      // As in Stripe: one item per confirmation (the portal changes the items of a subscription one at a time).
      items: list(z.strictObject({ id: str(255), price: str(255).optional(), quantity: quantity().optional() }), 1),
      discounts: list(z.strictObject({ coupon: str(255).optional(), promotion_code: str(255).optional() }), 1).optional(),
    })
    .optional(),
});

export const createSessionParams = z.strictObject({
  customer: str(255),
  return_url: urlParam().optional(),
  configuration: str(255).optional(),
  flow_data: flowData.optional(),
  locale: z.enum(SESSION_LOCALES).optional(),
  on_behalf_of: str(255).optional(),
});

export type CreateSessionParams = z.output<typeof createSessionParams>;
export type FlowDataParam = z.output<typeof flowData>;
