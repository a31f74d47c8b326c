/** The Stripe API version whose object shapes Bursar serves; every event names it. */
export const API_VERSION = '2026-10-28.endive';
