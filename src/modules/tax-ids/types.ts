/**
 * The tax ID types Bursar accepts (a subset of Stripe's `type` values), each with the
 * format its value must have. Values are compared without spaces, in upper case.
 */
export interface TaxIdType {
  /** How the type is written on invoices and in the portal: an abbreviation, the same in every language. */
  label: string;
  /** The country of a valid value; null when it comes from the value itself (eu_vat's prefix). */
  country: string | null;
  /** Whether `value` has this type's format (already normalised); a country when it comes from the value. */
  check(value: string): boolean;
}

/** EU VAT numbers: the member state's prefix (EL for Greece, XI for Northern Ireland) and its format. */
const EU_VAT: Record<string, { country: string; body: RegExp }> = {
  AT: { country: 'AT', body: /^U\d{8}$/ },
  BE: { country: 'BE', body: /^[01]\d{9}$/ },
  BG: { country: 'BG', body: /^\d{9,10}$/ },
  CY: { country: 'CY', body: /^\d{8}[A-Z]$/ },
  CZ: { country: 'CZ', body: /^\d{8,10}$/ },
  DE: { country: 'DE', body: /^\d{9}$/ },
  DK: { country: 'DK', body: /^\d{8}$/ },
  EE: { country: 'EE', body: /^\d{9}$/ },
  EL: { country: 'GR', body: /^\d{9}$/ },
  ES: { country: 'ES', body: /^[A-Z0-9]\d{7}[A-Z0-9]$/ },
  FI: { country: 'FI', body: /^\d{8}$/ },
  FR: { country: 'FR', body: /^[A-HJ-NP-Z0-9]{2}\d{9}$/ },
  HR: { country: 'HR', body: /^\d{11}$/ },
  HU: { country: 'HU', body: /^\d{8}$/ },
  IE: { country: 'IE', body: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/ },
  IT: { country: 'IT', body: /^\d{11}$/ },
  LT: { country: 'LT', body: /^(\d{9}|\d{12})$/ },
  LU: { country: 'LU', body: /^\d{8}$/ },
  LV: { country: 'LV', body: /^\d{11}$/ },
  MT: { country: 'MT', body: /^\d{8}$/ },
  NL: { country: 'NL', body: /^\d{9}B\d{2}$/ },
  PL: { country: 'PL', body: /^\d{10}$/ },
  PT: { country: 'PT', body: /^\d{9}$/ },
  RO: { country: 'RO', body: /^\d{2,10}$/ },
  SE: { country: 'SE', body: /^\d{10}01$/ },
  SI: { country: 'SI', body: /^\d{8}$/ },
  SK: { country: 'SK', body: /^\d{10}$/ },
  XI: { country: 'GB', body: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/ },
};

/** The country of an EU VAT number by its prefix, or null when the prefix or format is wrong. */
export function euVatCountry(value: string): string | null {
  const state = EU_VAT[value.slice(0, 2)];
  return state && state.body.test(value.slice(2)) ? state.country : null;
}

/** An Australian Business Number's checksum: subtract 1 from the first digit, weigh, sum, divisible by 89. */
function abnChecksum(value: string): boolean {
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const digits = [...value].map(Number);
  digits[0] -= 1;
  return digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 89 === 0;
}

const pattern = (label: string, country: string, re: RegExp): TaxIdType => ({ label, country, check: (v) => re.test(v) });

export const TAX_ID_TYPES = {
  eu_vat: { label: 'EU VAT', country: null, check: (v: string) => euVatCountry(v) !== null },
  gb_vat: pattern('GB VAT', 'GB', /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/),
  ch_vat: pattern('CH VAT', 'CH', /^CHE-?\d{3}\.?\d{3}\.?\d{3}(MWST|TVA|IVA)$/),
  no_vat: pattern('NO VAT', 'NO', /^\d{9}MVA$/),
  us_ein: pattern('US EIN', 'US', /^\d{2}-?\d{7}$/),
  ca_bn: pattern('CA BN', 'CA', /^\d{9}$/),
  au_abn: { label: 'AU ABN', country: 'AU', check: (v: string) => /^\d{11}$/.test(v) && abnChecksum(v) },
  nz_gst: pattern('NZ GST', 'NZ', /^\d{8,9}$/),
  in_gst: pattern('IN GST', 'IN', /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/),
  jp_cn: pattern('JP CN', 'JP', /^\d{13}$/),
} satisfies Record<string, TaxIdType>;

export type TaxIdTypeName = keyof typeof TAX_ID_TYPES;
export const TAX_ID_TYPE_NAMES = Object.keys(TAX_ID_TYPES) as [TaxIdTypeName, ...TaxIdTypeName[]];

/** A value as Bursar stores and checks it: spaces removed, upper case. */
export const normaliseTaxId = (value: string) => value.replace(/\s+/g, '').toUpperCase();

/** The country a valid value belongs to, or null when the value does not have the type's format. */
export function taxIdCountry(type: TaxIdTypeName, value: string): string | null {
  const t: TaxIdType = TAX_ID_TYPES[type];
  if (!t.check(value)) return null;
  return t.country ?? euVatCountry(value);
}

/** A tax ID as invoices print it: "EU VAT DE123456789". */
export function taxIdLine(type: string, value: string): string {
  const known = (TAX_ID_TYPES as Record<string, TaxIdType>)[type];
  return `${known?.label ?? type} ${value}`;
}
