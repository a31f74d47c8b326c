import * as z from 'zod';
import { clearable, list, notSupported, str } from '../../api/params.ts';
import { parseJson } from '../../kit/json.ts';

const CARDS_ONLY = 'Bursar collects cards only.';

/** `payment_settings` of subscription create and update: what Bursar honours, the rest refused by name. */
export const paymentSettingsParam = () =>
  z.strictObject({
    payment_method_types: clearable(
      // Described as the one value it takes; any other is refused saying why.
      list(str(100).refine((type) => type === 'card', { error: (issue) => `${CARDS_ONLY} The payment method type '${issue.input}' is not supported: use card, or leave payment_method_types unset.` }).meta({ enum: ['card'] }), 60),
    ).optional(),
    save_default_payment_method: z.enum(['off', 'on_subscription']).optional(),
    payment_method_options: clearable(
      z.strictObject({
        card: clearable(
          z.strictObject({
            // Bursar asks for 3-D Secure when the card requires it, which is Stripe's `automatic`.
            request_three_d_secure: z.enum(['automatic']).optional(),
            network: notSupported('the card network is chosen by the card.').optional(),
            mandate_options: notSupported('card mandates (India) are not collected.').optional(),
          }),
        ).optional(),
        ...Object.fromEntries(
          ['acss_debit', 'bancontact', 'billie', 'blik', 'customer_balance', 'konbini', 'payto', 'pix', 'sepa_debit', 'upi', 'us_bank_account'].map((type) => [type, notSupported(CARDS_ONLY).optional()]),
        ),
      }),
    ).optional(),
  });

export type PaymentSettingsParam = z.output<ReturnType<typeof paymentSettingsParam>>;

interface StoredPaymentSettings {
  payment_method_types: string[] | null;
  save_default_payment_method: 'off' | 'on_subscription';
  payment_method_options: { card: { request_three_d_secure: string | null } | null } | null;
}

const DEFAULTS: StoredPaymentSettings = { payment_method_types: null, save_default_payment_method: 'off', payment_method_options: null };

export const storedPaymentSettings = (column: string | null): StoredPaymentSettings => ({ ...DEFAULTS, ...parseJson<Partial<StoredPaymentSettings>>(column, {}) });

/** The column after `payment_settings` is given: each key given replaces its own, as Stripe's hash updates do. */
export function paymentSettingsColumn(column: string | null, given: PaymentSettingsParam | undefined): { payment_settings?: string } {
  if (given === undefined) return {};
  const next = storedPaymentSettings(column);
  if (given.payment_method_types !== undefined) next.payment_method_types = given.payment_method_types;
  if (given.save_default_payment_method !== undefined) next.save_default_payment_method = given.save_default_payment_method;
  if (given.payment_method_options !== undefined) {
    const card = given.payment_method_options?.card;
    next.payment_method_options = given.payment_method_options === null ? null : {
      card: card === undefined ? next.payment_method_options?.card ?? null : card === null ? null : { request_three_d_secure: card.request_three_d_secure ?? null },
    };
  }
  return { payment_settings: JSON.stringify(next) };
}

const OTHER_OPTIONS = ['acss_debit', 'bancontact', 'customer_balance', 'konbini', 'payto', 'pix', 'sepa_debit', 'upi', 'us_bank_account'] as const;

/** `payment_settings` as Stripe shows it. */
export function paymentSettingsOf(column: string | null) {
  const s = storedPaymentSettings(column);
  const options = s.payment_method_options && {
    ...(Object.fromEntries(OTHER_OPTIONS.map((type) => [type, null])) as Record<(typeof OTHER_OPTIONS)[number], null>),
    card: s.payment_method_options.card && { network: null, request_three_d_secure: s.payment_method_options.card.request_three_d_secure },
  };
  return { payment_method_options: options, payment_method_types: s.payment_method_types, save_default_payment_method: s.save_default_payment_method };
}
