import { createHmac } from 'node:crypto';
import { randomBase62 } from '../../kit/ids.ts';

// Every delivery carries two signatures over the same payload, so handlers written for
// either verify it unchanged:
// - Stripe's `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.payload")>`, keyed
//   with the whole secret string, as `stripe.webhooks.constructEvent` checks it;
// - Standard Webhooks' `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64
//   HMAC-SHA256(key, "id.timestamp.payload")>`, keyed with the base64 decoding of the part
//   after `whsec_`, as the `standardwebhooks` library reads a `whsec_` secret.
// A secret is `whsec_` + 32 base62 characters: valid base64 (a 24-byte key) and shaped like
// Stripe's, so the one string configures both libraries.

const PREFIX = 'whsec_';

/** A new signing secret (~190 bits from a CSPRNG). */
export function newWebhookSecret(): string {
  return PREFIX + randomBase62(32);
}

export function signatureHeaders(secret: string, id: string, timestamp: number, payload: string): Record<string, string> {
  const t = String(timestamp);
  const stripe = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  const standard = createHmac('sha256', key).update(`${id}.${t}.${payload}`).digest('base64');
  return {
    'stripe-signature': `t=${t},v1=${stripe}`,
    'webhook-id': id,
    'webhook-timestamp': t,
    'webhook-signature': `v1,${standard}`,
  };
}
