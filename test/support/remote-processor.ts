import type { Db } from '../../src/db/database.ts';
import type { Engine } from '../../src/db/engine.ts';
import type { ManualClock } from '../../src/kit/clock.ts';
import { createTestApi, type TestApi } from './api.ts';
import { outgoingClient } from '../../src/net/client.ts';
import type { ChargeOutcome, ChargeRequest, Processor, RefundOutcome, RefundRequest } from '../../src/processors/processor.ts';
import { createTestProcessor } from '../../src/processors/test/processor.ts';

/**
 * A remote processor in a test: it answers as the test gateway does (by Stripe's test cards),
 * but is not inline, so Bursar must never call it inside a transaction. It keeps what a real
 * processor keeps: one payment per idempotency key. `loseAnswers` makes that many calls take
 * the payment and then time out, as a network would.
 */
export interface RemoteProcessor extends Processor {
  /** Every call, in order. */
  calls: { call: 'charge' | 'reconcileCharge' | 'refund'; key: string; offSession: boolean }[];
  /** The processor's customer each call named, by idempotency key. */
  customerRefs: Map<string, string | null>;
  /** Payments taken, by idempotency key: a second call with the same key takes none. */
  payments: Map<string, ChargeOutcome>;
  /** Refunds made, by idempotency key, the same way. */
  refunds: Map<string, RefundOutcome>;
  loseAnswers: number;
  /** How often Bursar asked it to make a customer. */
  customersMade: number;
  /** How each call found its attempt in the database: `pending` means the attempt had committed before the call. */
  seenStatus: (string | undefined)[];
}

export function remoteProcessor(dbOf: () => Db, publicUrl = 'http://127.0.0.1:4242'): RemoteProcessor {
  const cards = createTestProcessor({ projectId: 'remote', livemode: false, client: outgoingClient({ livemode: false }), publicUrl, challengeSecret: 'remote-test-secret' });
  /** Makes (once per key) what a call asks for, and answers it unless the answer is to be lost. */
  const once = async <O>(table: 'charges' | 'refunds', made: Map<string, O>, key: string, make: () => Promise<O>): Promise<O> => {
    // Read outside any transaction: on either engine a transaction still open around this call would hide the row (or block).
    const row = await Promise.race([
      dbOf().selectFrom(table).select('status').where('idempotency_key', '=', key).executeTakeFirst(),
      new Promise<undefined>((_, reject) => setTimeout(() => reject(new Error('the attempt is locked: called inside a transaction')), 2000)),
    ]);
    remote.seenStatus.push(row?.status);
    // Asking again sends the first request again: a processor that never got it makes it now, once.
    let outcome = made.get(key);
    if (!outcome) {
      outcome = await make();
      made.set(key, outcome);
    }
    if (remote.loseAnswers > 0) {
      remote.loseAnswers--;
      throw new Error('timeout: no answer within 30 s');
    }
    return outcome;
  };
  const take = (call: 'charge' | 'reconcileCharge', req: ChargeRequest): Promise<ChargeOutcome> => {
    remote.calls.push({ call, key: req.idempotencyKey, offSession: req.offSession });
    remote.customerRefs.set(req.idempotencyKey, req.customerRef);
    return once('charges', remote.payments, req.idempotencyKey, () => cards.charge(req));
  };
  const refund = (req: RefundRequest): Promise<RefundOutcome> => {
    remote.calls.push({ call: 'refund', key: req.idempotencyKey, offSession: true });
    return once('refunds', remote.refunds, req.idempotencyKey, () => cards.refund(req));
  };
  const remote: RemoteProcessor = {
    ...cards,
    ensureCustomer: async (input, existing) => {
      remote.customersMade++;
      return cards.ensureCustomer(input, existing);
    },
    customersMade: 0,
    kind: 'stripe',
    inline: false,
    calls: [],
    customerRefs: new Map(),
    payments: new Map(),
    refunds: new Map(),
    loseAnswers: 0,
    seenStatus: [],
    charge: (req) => take('charge', req),
    reconcileCharge: (req) => take('reconcileCharge', req),
    refund,
  };
  return remote;
}

/** A test API whose charges all go through a remote processor. */
export async function createRemoteApi(engine: Engine, clock?: ManualClock): Promise<TestApi & { remote: RemoteProcessor }> {
  let api: TestApi | undefined;
  const remote = remoteProcessor(() => api!.storage.db);
  api = await createTestApi(engine, clock, { makeProcessor: () => remote });
  return Object.assign(api, { remote });
}
