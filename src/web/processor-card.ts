import type { Ctx } from '../context.ts';
import { saveProcessorCard } from '../modules/payment-methods/processor-cards.ts';
import type { PaymentMethodObject } from '../modules/payment-methods/object.ts';
import { cardSetupOutcome, startCardSetup } from '../modules/processor-customers/setup.ts';
import { processorFor } from '../modules/processor-settings/registry.ts';
import { processorKindOf } from '../modules/processor-settings/service.ts';
import type { SetupOutcome } from '../processors/processor.ts';

// A card added on a hosted page: in the page's own form for the test gateway, on the
// processor's page for any other. Both calls below reach the processor: never in a transaction.

/** How a page takes a new card: the test gateway's form (test mode), the processor's own page, or not at all. */
export type NewCardWay = 'form' | 'processor' | null;

export async function newCardWay(ctx: Ctx): Promise<NewCardWay> {
  const kind = await processorKindOf(ctx.db, ctx.scope);
  if (kind === null) return null;
  if (kind === 'test') return ctx.scope.livemode ? null : 'form';
  return 'processor';
}

/** The processor's page where the customer adds a card, coming back to `back` (the collection's ref in `?setup=`) or, giving up, to `cancel`. */
export async function processorCardPage(ctx: Ctx, customer: string, urls: { back: string; cancel: string }, locale?: string): Promise<string> {
  const success = `${urls.back}${urls.back.includes('?') ? '&' : '?'}setup={SETUP_REF}`;
  return startCardSetup(ctx, await processorFor(ctx), customer, { success, cancel: urls.cancel }, locale);
}

/** The code of "back from the processor's page before the card is saved": the page says to reload in a moment. */
export const SETUP_OPEN = 'card_setup_open';

export type CardFromProcessor = { status: 'saved'; paymentMethod: PaymentMethodObject } | Exclude<SetupOutcome, { status: 'succeeded' }>;

/**
 * The card the customer added on the processor's page (collection `ref`), saved once (the
 * processor's webhook may have saved it first) inside `write`, which may do more with it; or
 * where the collection stands. An unknown or another customer's ref is a 404.
 */
export async function cardFromProcessor(
  ctx: Ctx,
  customer: string,
  ref: string,
  write: (save: (ctx: Ctx) => Promise<PaymentMethodObject>) => Promise<PaymentMethodObject>,
): Promise<CardFromProcessor> {
  const processor = await processorFor(ctx);
  const outcome = await cardSetupOutcome(ctx, processor, customer, ref);
  if (outcome.status !== 'succeeded') return outcome;
  const paymentMethod = await write(async (trx) => (await saveProcessorCard(trx, processor.kind, customer, outcome.method)).paymentMethod);
  return { status: 'saved', paymentMethod };
}
