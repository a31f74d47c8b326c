import { parseJson } from '../../kit/json.ts';
import type { TaxRateObject } from '../tax-rates/object.ts';
import type { PhaseDiscount, StoredDefaults, StoredPhase } from './phases.ts';
import type { ScheduleRow } from './repository.ts';

export const phasesOf = (row: Pick<ScheduleRow, 'phases'>) => parseJson<StoredPhase[]>(row.phases, []);
export const defaultsOf = (row: Pick<ScheduleRow, 'default_settings'>) => parseJson<StoredDefaults>(row.default_settings, { collection_method: null, days_until_due: null, default_payment_method: null, description: null });

const automaticTax = { disabled_reason: null, enabled: false, liability: null };
const discountsOut = (discounts: readonly PhaseDiscount[]) => discounts.map((d) => ({ coupon: d.coupon, discount: d.discount, promotion_code: d.promotion_code }));

/** A phase as Stripe shows it; `taxRates` resolves the ids it names. */
function toPhaseObject(phase: StoredPhase, taxRates: (ids: readonly string[]) => TaxRateObject[]) {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    automatic_tax: automaticTax,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: phase.collection_method,
    currency: phase.currency,
    default_payment_method: phase.default_payment_method,
    default_tax_rates: taxRates(phase.default_tax_rates),
    description: phase.description,
    discounts: discountsOut(phase.discounts),
    end_date: phase.end_date,
    invoice_settings: phase.days_until_due === null ? null : { account_tax_ids: null, custom_fields: null, days_until_due: phase.days_until_due, description: null, footer: null, issuer: null },
    items: phase.items.map((item) => ({
      billing_thresholds: null,
      discounts: [],
      metadata: item.metadata,
      plan: item.price,
      price: item.price,
      quantity: item.quantity,
      tax_rates: taxRates(item.tax_rates),
    })),
    metadata: phase.metadata,
    on_behalf_of: null,
    proration_behavior: phase.proration_behavior,
    start_date: phase.start_date,
    transfer_data: null,
    trial: phase.trial_end !== null && phase.trial_end === phase.end_date,
    trial_end: phase.trial_end,
  };
}

/** The subscription schedule as Stripe shows it. */
export function toScheduleObject(row: ScheduleRow, taxRates: (ids: readonly string[]) => TaxRateObject[]) {
  const phases = phasesOf(row);
  const defaults = defaultsOf(row);
  const current = row.status === 'active' && row.current_phase !== null ? phases[row.current_phase] : undefined;
  return {
    id: row.id,
    object: 'subscription_schedule' as const,
    application: null,
    billing_mode: { flexible: null, type: 'classic' as const },
    canceled_at: row.canceled_at,
    completed_at: row.completed_at,
    created: row.created,
    current_phase: current ? { end_date: current.end_date, start_date: current.start_date } : null,
    customer: row.customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: automaticTax,
      billing_cycle_anchor: 'automatic' as const,
      billing_thresholds: null,
      collection_method: defaults.collection_method,
      default_payment_method: defaults.default_payment_method,
      description: defaults.description,
      invoice_settings: { account_tax_ids: null, custom_fields: null, days_until_due: defaults.days_until_due, description: null, footer: null, issuer: { type: 'self' as const } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: row.end_behavior,
    livemode: row.livemode === 1,
    metadata: parseJson<Record<string, string>>(row.metadata, {}),
    pause_schedules: [],
    phases: phases.map((phase) => toPhaseObject(phase, taxRates)),
    released_at: row.released_at,
    released_subscription: row.released_subscription,
    status: row.status,
    subscription: row.subscription,
    test_clock: row.test_clock,
  };
}

export type ScheduleObject = ReturnType<typeof toScheduleObject>;
