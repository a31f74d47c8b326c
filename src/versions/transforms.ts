import { CURRENT_VERSION, isBefore } from './known.ts';

type Json = Record<string, unknown>;

/**
 * One change of Stripe's shapes: objects of type `object` are shown to a version before
 * `since` by `undo`, which turns the newer shape (as Bursar builds it) back into the older.
 */
interface Transform {
  since: string;
  object: string;
  undo(o: Json): void;
}

/** The oldest version whose shapes Bursar shows; any older version is shown these (docs/api.md). */
export const FLOOR_VERSION = '2025-02-24.acacia';

const BASIL = '2025-03-31.basil';

const parentDetails = (o: Json) => {
  const parent = o.parent as { subscription_details?: Json | null; subscription_item_details?: Json | null; invoice_item_details?: Json | null } | null | undefined;
  return parent?.subscription_item_details ?? parent?.invoice_item_details ?? parent?.subscription_details ?? null;
};

/** `taxes` (basil) as the `tax_amounts` of before. */
const taxAmounts = (taxes: unknown) =>
  ((taxes as Json[] | undefined) ?? []).map((t) => ({
    amount: t.amount,
    inclusive: t.tax_behavior === 'inclusive',
    tax_rate: (t.tax_rate_details as Json | null)?.tax_rate ?? null,
    taxability_reason: t.taxability_reason,
    taxable_amount: t.taxable_amount,
  }));

/** Newest first: an old version undoes each change since it, the latest change first. */
const TRANSFORMS: Transform[] = [
  // 2025-03-31.basil: billing periods moved from the subscription to its items.
  {
    since: BASIL,
    object: 'subscription',
    undo(o) {
      const first = ((o.items as { data?: Json[] } | undefined)?.data ?? [])[0];
      o.current_period_start = first?.current_period_start ?? null;
      o.current_period_end = first?.current_period_end ?? null;
    },
  },
  {
    since: BASIL,
    object: 'subscription_item',
    undo(o) {
      delete o.current_period_start;
      delete o.current_period_end;
    },
  },
  // 2025-03-31.basil: invoicing objects name what made them in `parent`; invoices are paid by payments.
  {
    since: BASIL,
    object: 'invoice',
    undo(o) {
      const details = (o.parent as { subscription_details?: Json | null } | null)?.subscription_details ?? null;
      o.subscription = details?.subscription ?? null;
      o.subscription_details = details && { metadata: details.metadata ?? null };
      o.quote = null;
      o.paid = o.status === 'paid';
      o.total_tax_amounts = taxAmounts(o.total_taxes);
      delete o.parent;
      delete o.total_taxes;
    },
  },
  {
    since: BASIL,
    object: 'line_item',
    undo(o) {
      const parent = o.parent as { type?: string; subscription_item_details?: Json | null; invoice_item_details?: Json | null } | null;
      const details = parentDetails(o);
      o.type = parent?.type === 'subscription_item_details' ? 'subscription' : 'invoiceitem';
      o.subscription = details?.subscription ?? null;
      o.subscription_item = parent?.subscription_item_details?.subscription_item ?? null;
      o.invoice_item = details?.invoice_item ?? null;
      o.proration = details?.proration ?? false;
      o.proration_details = details?.proration_details ?? { credited_items: null };
      o.tax_amounts = taxAmounts(o.taxes);
      delete o.parent;
      delete o.taxes;
    },
  },
  {
    since: BASIL,
    object: 'invoiceitem',
    undo(o) {
      const details = parentDetails(o);
      o.subscription = details?.subscription ?? null;
      o.subscription_item = details?.subscription_item ?? null;
      delete o.parent;
    },
  },
];

/**
 * A response (or an event, a list …) in the shapes of `version`: every object in it, expanded
 * ones included, undone back to that version's shape. The current version changes nothing.
 */
export function toVersion<T>(value: T, version: string): T {
  if (version === CURRENT_VERSION) return value;
  const transforms = TRANSFORMS.filter((t) => isBefore(version, t.since));
  if (transforms.length === 0) return value;
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const o = node as Json;
    // Outer objects first: an undo reads the newer shape of what it contains (a subscription its items).
    for (const t of transforms) if (t.object === o.object) t.undo(o);
    // An event is shown in the version its data is.
    if (o.object === 'event') o.api_version = version;
    for (const key of Object.keys(o)) visit(o[key]);
  };
  const copy = structuredClone(value);
  visit(copy);
  return copy;
}
