/** The Stripe API version whose object shapes Bursar serves; every event names it. */
export { CURRENT_VERSION as API_VERSION } from '../../versions/known.ts';
