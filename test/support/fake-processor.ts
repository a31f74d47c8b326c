import { createHmac } from 'node:crypto';
import type { ProcessorCredentials, ProcessorDeps } from '../../src/processors/make.ts';
import {
  ProcessorSignatureError, type ChargeOutcome, type ChargeRequest, type Processor, type ProcessorEvent, type SetupOutcome, type SetupRequest,
} from '../../src/processors/processor.ts';

/** A webhook as the fake processor signs it: Stripe's `t=…,v1=…` header over `t.body`. */
export function signedWebhook(secret: string, events: ProcessorEvent[], t: number): { body: string; signature: string } {
  const body = JSON.stringify(events);
  return { body, signature: `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}` };
}

export interface FakeProcessor extends Processor {
  /** Every card collection started, as asked. */
  setups: SetupRequest[];
  /** What setupStatus answers, by setup ref. */
  outcomes: Map<string, SetupOutcome>;
  customers: string[];
  /** Refs of the methods detached at the processor. */
  detached: string[];
}

/**
 * A remote processor under the test's control (kind stripe, not inline): its webhooks are
 * signed as signedWebhook signs them with the stored signing secret, older than 5 minutes is
 * a replay; card collection answers a page URL under `pageBase` and what `outcomes` says.
 * Charges succeed (`pi_fake_<idempotency key>`); refunds wait (`re_fake_<idempotency key>`,
 * pending) for a webhook to settle them.
 */
export function fakeRemoteProcessor(credentials: ProcessorCredentials, pageBase = 'https://pay.example'): FakeProcessor {
  const secret = credentials.kind === 'stripe' ? credentials.webhookSecret : null;
  const setups: SetupRequest[] = [];
  const customers: string[] = [];
  const detached: string[] = [];
  const charge = async (req: ChargeRequest): Promise<ChargeOutcome> => ({ status: 'succeeded', ref: `pi_fake_${req.idempotencyKey}` });
  return {
    kind: 'stripe',
    inline: false,
    setups,
    customers,
    detached,
    outcomes: new Map(),
    async ensureCustomer(input) {
      customers.push(input.customer);
      return `cus_fake_${input.customer.slice(4)}`;
    },
    async startSetup(req) {
      setups.push(req);
      const ref = `cs_fake_${setups.length}`;
      return { ref, url: `${pageBase}/setup/${ref}` };
    },
    async setupStatus(ref) {
      return this.outcomes.get(ref) ?? { status: 'open' };
    },
    async confirmSetup(req) {
      return { status: 'succeeded', ref: `seti_fake_${req.idempotencyKey}` };
    },
    charge,
    reconcileCharge: charge,
    async chargeStatus(ref) {
      return { status: 'succeeded', ref };
    },
    async cancelCharge() {
      return { status: 'canceled' };
    },
    async refund(req) {
      return { status: 'pending', ref: `re_fake_${req.idempotencyKey}` };
    },
    async detach(ref) {
      detached.push(ref);
    },
    parseWebhook(rawBody, headers, now) {
      const parts = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(headers.get('stripe-signature') ?? '');
      if (secret === null) throw new ProcessorSignatureError('No webhook signing secret is set.');
      if (!parts || createHmac('sha256', secret).update(`${parts[1]}.${rawBody}`).digest('hex') !== parts[2]) {
        throw new ProcessorSignatureError('No signature matches the payload.');
      }
      if (now - Number(parts[1]) > 300) throw new ProcessorSignatureError('The signature is older than 300 seconds (a replay).');
      return JSON.parse(rawBody) as ProcessorEvent[];
    },
  };
}

/** makeProcessor for tests: the fake for Stripe settings, remembered per credentials so a test can reach it. */
export function fakeProcessors(pageBase?: string) {
  const made: FakeProcessor[] = [];
  const make = (credentials: ProcessorCredentials, _deps: ProcessorDeps): Processor => {
    if (credentials.kind !== 'stripe') throw new Error('only Stripe settings are faked here');
    const processor = fakeRemoteProcessor(credentials, pageBase);
    made.push(processor);
    return processor;
  };
  return { make, latest: () => made.at(-1)!, detached: () => made.flatMap((p) => p.detached) };
}
