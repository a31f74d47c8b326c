import type { Ctx, ProcessorAccess, Scope } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../kit/clock.ts';
import { newId } from '../../kit/ids.ts';
import { challengeSecret, challengeTokenValid } from '../../processors/test/challenge-token.ts';
import { challengeOutcome } from '../../processors/test/processor.ts';
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

/** A charge waiting on the test gateway's challenge page: what the page shows. */
export interface Challenge {
  charge: ChargeRow;
  scope: Scope;
  amount: number;
  currency: string;
  last4: string | null;
  brand: string | null;
  /** The customer's preferred languages, for the page's. */
  preferredLocales: string[];
}

/**
 * The charge a challenge link is for, when its token is the link's and the charge still
 * waits for authentication; null for any other link (a wrong token, an answered challenge).
 */
export async function openChallenge(deps: ChallengeDeps, ref: string, token: string): Promise<Challenge | null> {
  if (!challengeTokenValid(await challengeSecret(deps.db), ref, token)) return null;
  const charge = await findChargeByProcessorRef(deps.db, ref);
  if (!charge || charge.status !== 'requires_action' || charge.processor !== 'test') return null;
  const scope = { projectId: charge.project_id, livemode: charge.livemode === 1 };
  const method = charge.payment_method === null ? undefined : await findPaymentMethod(deps.db, scope, charge.payment_method);
  const customer = charge.customer === null ? undefined : await findCustomer(deps.db, scope, charge.customer);
  return {
    charge,
    scope,
    amount: charge.amount,
    currency: charge.currency,
    last4: method?.card_last4 ?? null,
    brand: method?.card_brand ?? null,
    preferredLocales: JSON.parse(customer?.preferred_locales ?? '[]') as string[],
  };
}

/**
 * The customer completed or failed the test challenge: the outcome is applied as a
 * processor's payment event would be. Returns where to send the customer back to, with
 * Stripe's redirect parameters (payment_intent, redirect_status).
 */
export async function answerChallenge(deps: ChallengeDeps, challenge: Challenge, completed: boolean): Promise<string | null> {
  const ctx: Ctx = { db: deps.db, scope: challenge.scope, clock: deps.clock, requestId: null, idempotencyKey: null, publicUrl: deps.publicUrl, ...deps.payments };
  const { charge } = challenge;
  const event = challengeOutcome(charge.processor_ref!, completed, { eventId: newId('evt'), created: ctx.clock.now(), amount: charge.amount, currency: charge.currency, metadata: bursarMetadata(charge) });
  const settled = await applyPaymentEvent(ctx, event);
  const intent = (await findPaymentIntent(deps.db, challenge.scope, charge.payment_intent))!;
  if (intent.return_url === null) return null;
  const back = new URL(intent.return_url);
  back.searchParams.set('payment_intent', intent.id);
  back.searchParams.set('redirect_status', settled?.outcome.status === 'succeeded' ? 'succeeded' : 'failed');
  return back.toString();
}
