import { BursarError } from '../kit/errors.ts';

/** The Stripe API version whose shapes Bursar serves: the one the `stripe` package it speaks pins. */
export const CURRENT_VERSION = '2026-10-28.endive';

/**
 * Stripe's named versions from the first named release on (the `stripe` package's changelog).
 * A request names one of these, or a dated version of before them (`2024-06-20`).
 */
const NAMED = [
  '2024-09-30.acacia', '2024-10-28.acacia', '2024-11-20.acacia', '2024-12-18.acacia', '2025-01-27.acacia', '2025-02-24.acacia',
  '2025-03-31.basil', '2025-04-30.basil', '2025-05-28.basil', '2025-06-30.basil', '2025-07-30.basil', '2025-08-27.basil',
  '2025-09-30.clover', '2025-10-29.clover', '2025-11-17.clover', '2025-12-15.clover', '2026-01-28.clover', '2026-02-25.clover',
  '2026-03-25.dahlia', '2026-04-22.dahlia', '2026-05-27.dahlia', '2026-06-24.dahlia', '2026-07-29.dahlia', '2026-08-26.dahlia',
  '2026-09-30.endive', CURRENT_VERSION,
];

/** Stripe's first API version. */
const FIRST_DATED = '2011-01-01';

const isCalendarDate = (text: string) => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

/** Whether `version` names a Stripe API version: a named one, or a real date before the first named one. */
export function isKnownVersion(version: string): boolean {
  if (NAMED.includes(version)) return true;
  return /^\d{4}-\d{2}-\d{2}$/.test(version) && isCalendarDate(version) && version >= FIRST_DATED && version < NAMED[0]!;
}

/** The version a request asks for with `Stripe-Version` (none: the current one), or Stripe's 400. */
export function requestedVersion(header: string | undefined): string {
  if (header === undefined) return CURRENT_VERSION;
  const version = header.trim();
  if (!isKnownVersion(version)) {
    throw new BursarError({ status: 400, type: 'invalid_request_error', message: `Invalid Stripe API version: ${header}` });
  }
  return version;
}

/** Versions compare by their date: `2025-02-24.acacia` is before `2025-03-31.basil`. */
export const isBefore = (version: string, than: string) => version.slice(0, 10) < than.slice(0, 10);
