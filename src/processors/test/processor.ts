import type { ProcessorDeps } from '../make.ts';
import type { Processor } from '../processor.ts';

/** The built-in test gateway as a processor: Stripe's test cards, offline. */
export function createTestProcessor(_deps: ProcessorDeps): Processor {
  throw new Error('the test processor is not built yet');
}
