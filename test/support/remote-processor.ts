import type { Db } from '../../src/db/database.ts';
import type { Engine } from '../../src/db/engine.ts';
import type { ManualClock } from '../../src/kit/clock.ts';
import { createTestApi, type TestApi } from './api.ts';
import { outgoingClient } from '../../src/net/client.ts';
import type { ChargeOutcome, ChargeRequest, Processor } from '../../src/processors/processor.ts';
import { createTestProcessor } from '../../src/processors/test/processor.ts';

/**
 * A remote processor in a test: it answers as the test gateway does (by Stripe's test cards),
 * but is not inline, so Bursar must never call it inside a transaction. It keeps what a real
 * processor keeps: one payment per idempotency key. `loseAnswers` makes that many calls take
 * the payment and then time out, as a network would.
 */
export interface RemoteProcessor extends Processor {
  /** Every call, in order. */
  calls: { call: 'charge' | 'reconcileCharge'; key: string; offSession: boolean }[];
  /** The processor's customer each call named, by idempotency key. */
  customerRefs: Map<string, string | null>;
  /** Payments taken, by idempotency key: a second call with the same key takes none. */
  payments: Map<string, ChargeOutcome>;
  loseAnswers: number;
  /** How often Bursar asked it to make a customer. */
  customersMade: number;
  /** How each call found its attempt in the database: `pending` means the attempt had committed before the call. */
  seenStatus: (string | undefined)[];
}

export function remoteProcessor(dbOf: () => Db, publicUrl = 'http://127.0.0.1:4242'): RemoteProcessor {
  const cards = createTestProcessor({ projectId: 'remote', livemode: false, client: outgoingClient({ livemode: false }), publicUrl, challengeSecret: 'remote-test-secret' });
  const take = async (call: 'charge' | 'reconcileCharge', req: ChargeRequest): Promise<ChargeOutcome> => {
    remote.calls.push({ call, key: req.idempotencyKey, offSession: req.offSession });
    remote.customerRefs.set(req.idempotencyKey, req.customerRef);
    // Read outside any transaction: on either engine a transaction still open around this call would hide the row (or block).
    const row = await Promise.race([
      dbOf().selectFrom('charges').select('status').where('idempotency_key', '=', req.idempotencyKey).executeTakeFirst(),
      new Promise<undefined>((_, reject) => setTimeout(() => reject(new Error('the attempt is locked: called inside a transaction')), 2000)),
    ]);
    remote.seenStatus.push(row?.status);
    // Asking again sends the first request again: a processor that never got it charges now, once.
    let outcome = remote.payments.get(req.idempotencyKey);
    if (!outcome) {
      outcome = await cards.charge(req);
      remote.payments.set(req.idempotencyKey, outcome);
    }
    if (remote.loseAnswers > 0) {
      remote.loseAnswers--;
      throw new Error('timeout: no answer within 30 s');
    }
    return outcome;
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
    loseAnswers: 0,
    seenStatus: [],
    charge: (req) => take('charge', req),
    reconcileCharge: (req) => take('reconcileCharge', req),
  };
  return remote;
}

/** A test API whose charges all go through a remote processor. */
export async function createRemoteApi(engine: Engine, clock?: ManualClock): Promise<TestApi & { remote: RemoteProcessor }> {
  let api: TestApi | undefined;
  const remote = remoteProcessor(() => api!.storage.db);
  api = await createTestApi(engine, clock, { processor: remote });
  return Object.assign(api, { remote });
}
