import type { OutgoingClient } from '../net/client.ts';
import type { Processor, ProcessorKind } from './processor.ts';
import { createStripeProcessor, type StripeCredentials } from './stripe/processor.ts';
import { createTestProcessor } from './test/processor.ts';

/** What a processor needs from Bursar to run: the guarded client of its mode, and where Bursar is reached. */
export interface ProcessorDeps {
  projectId: string;
  livemode: boolean;
  /** The one guarded client of the project's mode: every call to a processor goes through it. */
  client: OutgoingClient;
  /** Where customers reach Bursar (return and challenge pages). */
  publicUrl: string;
  /** The operator's override of Stripe's API address (a stand-in server); Stripe's own when unset. */
  stripeApiUrl?: string;
  /** The key the test gateway signs its challenge links with (challenge-token.ts); the test processor needs it. */
  challengeSecret?: string;
}

export type ProcessorCredentials = { kind: 'test' } | ({ kind: 'stripe' } & StripeCredentials);

/** The processor for a project's mode, from its (opened) credentials. */
export function makeProcessor(credentials: ProcessorCredentials, deps: ProcessorDeps): Processor {
  switch (credentials.kind) {
    case 'test':
      return createTestProcessor(deps);
    case 'stripe':
      return createStripeProcessor(credentials, deps);
  }
}

export const PROCESSOR_KINDS: readonly ProcessorKind[] = ['test', 'stripe'];
