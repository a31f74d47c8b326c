import type { Ctx, ProcessorAccess, Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../kit/clock.ts';
import { newId } from '../../kit/ids.ts';
import { challengeSecret, challengeTokenValid } from '../../processors/test/challenge-token.ts';
import { challengeOutcome, isSetupChallenge } from '../../processors/test/processor.ts';
import { inTransaction } from '../../db/after-commit.ts';
import { answerSetupChallenge } from '../setup-intents/confirm.ts';
import { findSetupAwaiting, type SetupIntentRow } from '../setup-intents/repository.ts';
import { findCustomer } from '../customers/repository.ts';
import { findPaymentMethod } from '../payment-methods/repository.ts';
import { bursarMetadata } from './attempt.ts';
import { applyPaymentEvent } from './processor-outcome.ts';
import { findChargeByProcessorRef, findPaymentIntent, type ChargeRow } from './repository.ts';

export interface ChallengeDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  payments?: ProcessorAccess;
}

/** A charge, or a card's setup, waiting on the test gateway's challenge page: what the page shows. */
export interface Challenge {
  about: { kind: 'payment'; charge: ChargeRow } | { kind: 'setup'; setup: SetupIntentRow };
  scope: Scope;
  /** What a payment asks for; null for a setup, which charges nothing. */
  amount: number | null;
  currency: string | null;
  last4: string | null;
  brand: string | null;
  /** The customer's preferred languages, for the page's. */
  preferredLocales: string[];
}

/** What is awaiting the challenge `ref` names, still waiting for authentication by the test gateway. */
async function awaiting(db: Db, ref: string): Promise<{ about: Challenge['about']; scope: Scope; customer: string | null; method: string | null } | null> {
  if (isSetupChallenge(ref)) {
    const setup = await findSetupAwaiting(db, ref);
    return setup ? { about: { kind: 'setup', setup }, scope: { projectId: setup.project_id, livemode: setup.livemode === 1 }, customer: setup.customer, method: setup.payment_method } : null;
  }
  const charge = await findChargeByProcessorRef(db, ref);
  if (!charge || charge.status !== 'requires_action' || charge.processor !== 'test') return null;
  return { about: { kind: 'payment', charge }, scope: { projectId: charge.project_id, livemode: charge.livemode === 1 }, customer: charge.customer, method: charge.payment_method };
}

/**
 * The charge or setup a challenge link is for, when its token is the link's and it still
 * waits for authentication; null for any other link (a wrong token, an answered challenge).
 */
export async function openChallenge(deps: ChallengeDeps, ref: string, token: string): Promise<Challenge | null> {
  if (!challengeTokenValid(await challengeSecret(deps.db), ref, token)) return null;
  const found = await awaiting(deps.db, ref);
  if (!found) return null;
  const { about, scope } = found;
  const method = found.method === null ? undefined : await findPaymentMethod(deps.db, scope, found.method);
  const customer = found.customer === null ? undefined : await findCustomer(deps.db, scope, found.customer);
  return {
    about,
    scope,
    amount: about.kind === 'payment' ? about.charge.amount : null,
    currency: about.kind === 'payment' ? about.charge.currency : null,
    last4: method?.card_last4 ?? null,
    brand: method?.card_brand ?? null,
    preferredLocales: JSON.parse(customer?.preferred_locales ?? '[]') as string[],
  };
}

/** Where the customer goes back to, with Stripe's redirect parameters (`payment_intent` or `setup_intent`, `redirect_status`). */
function backTo(returnUrl: string | null, param: string, id: string, succeeded: boolean): string | null {
  if (returnUrl === null) return null;
  const back = new URL(returnUrl);
  back.searchParams.set(param, id);
  back.searchParams.set('redirect_status', succeeded ? 'succeeded' : 'failed');
  return back.toString();
}

/**
 * The customer completed or failed the test challenge: the outcome is applied as a
 * processor's event would be. Returns where to send the customer back to.
 */
export async function answerChallenge(deps: ChallengeDeps, challenge: Challenge, completed: boolean): Promise<string | null> {
  const ctx: Ctx = { db: deps.db, scope: challenge.scope, clock: deps.clock, requestId: null, idempotencyKey: null, publicUrl: deps.publicUrl, ...deps.payments };
  const { about } = challenge;
  if (about.kind === 'setup') {
    const setup = await inTransaction(deps.db, (trx) => answerSetupChallenge({ ...ctx, db: trx }, about.setup, completed));
    return backTo(setup.return_url, 'setup_intent', setup.id, setup.status === 'succeeded');
  }
  const { charge } = about;
  const event = challengeOutcome(charge.processor_ref!, completed, { eventId: newId('evt'), created: ctx.clock.now(), amount: charge.amount, currency: charge.currency, metadata: bursarMetadata(charge) });
  const settled = await applyPaymentEvent(ctx, event);
  const intent = (await findPaymentIntent(deps.db, challenge.scope, charge.payment_intent))!;
  return backTo(intent.return_url, 'payment_intent', intent.id, settled?.outcome.status === 'succeeded');
}
