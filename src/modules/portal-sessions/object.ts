import { parseJson } from '../../kit/json.ts';
import type { PortalSessionRow } from './repository.ts';

export interface SessionFlow {
  after_completion: {
    hosted_confirmation: { custom_message: string | null } | null;
    redirect: { return_url: string } | null;
    type: 'hosted_confirmation' | 'portal_homepage' | 'redirect';
  };
  customer_update: null;
  subscription_cancel: { retention: { coupon_offer: { coupon: string }; type: 'coupon_offer' } | null; subscription: string } | null;
  subscription_pause: null;
  subscription_update: { subscription: string } | null;
  subscription_update_confirm: {
    discounts: { coupon: string | null; promotion_code: string | null }[] | null;
    items: { id: string; price: string | null; quantity?: number }[];
    subscription: string;
  } | null;
  type: 'payment_method_update' | 'subscription_cancel' | 'subscription_update' | 'subscription_update_confirm';
}

/**
 * The portal session as Stripe shows it, plus `expires_at`. `url` holds the link's secret
 * token: only its hash is stored, so the url is known only when the session is created.
 */
export function toSessionObject(row: PortalSessionRow, url: string | null) {
  return {
    id: row.id,
    object: 'billing_portal.session' as const,
    configuration: row.configuration,
    created: row.created,
    customer: row.customer,
    customer_account: null,
    expires_at: row.expires_at,
    flow: parseJson<SessionFlow | null>(row.flow, null),
    livemode: row.livemode === 1,
    locale: row.locale,
    on_behalf_of: row.on_behalf_of,
    return_url: row.return_url,
    url,
  };
}

export type SessionObject = ReturnType<typeof toSessionObject>;
