import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CallResult } from './api.ts';

/**
 * How much to fuzz: BURSAR_FUZZ_RUNS cases per operation and kind of defect (3 by default, to keep `npm test`
 * short), from BURSAR_FUZZ_SEED (fixed by default, so a run is repeatable). A failure prints the
 * seed and path that replay it (BURSAR_FUZZ_PATH), and BURSAR_FUZZ_ONLY picks tests by name
 * (an operation and a kind of defect: 'POST /v1/customers expand').
 */
export const fuzzSettings = {
  runs: Number(process.env.BURSAR_FUZZ_RUNS ?? 3),
  seed: Number(process.env.BURSAR_FUZZ_SEED ?? 20_261_207),
  path: process.env.BURSAR_FUZZ_PATH,
  only: process.env.BURSAR_FUZZ_ONLY,
};

export const fuzzing = (name: string) => !fuzzSettings.only || name.includes(fuzzSettings.only);

/** Runs a property over `runs` cases; a failure names its replay. */
export async function fuzz<T>(name: string, cases: fc.Arbitrary<T>, property: (value: T) => Promise<void>, runs = fuzzSettings.runs): Promise<void> {
  const { seed, path } = fuzzSettings;
  // No shrinking: a case is already one defect, and each step would be another request.
  const details = await fc.check(fc.asyncProperty(cases, property), { seed, numRuns: runs, endOnFailure: true, ...(path && { path }) });
  if (details.failed) {
    const replay = `BURSAR_FUZZ_SEED=${details.seed} BURSAR_FUZZ_PATH=${details.counterexamplePath} BURSAR_FUZZ_ONLY='${name}' npm test -- test/fuzz`;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details)}\n${cause}\nReplay: ${replay}`);
  }
}

/** A value that prints as `summary()` in a counterexample (the values themselves can be megabytes). */
export function labelled<T extends object>(value: T, summary: () => string): T {
  return Object.assign(value, { [fc.toStringMethod]: summary });
}

export const abbreviate = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

const ERROR_TYPES = ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'];

/** Never a 5xx; every 4xx is Stripe's error envelope; a `culprit` is refused with a 400 naming it. */
export function assertAnswer(res: CallResult, culprit?: string): void {
  const shown = abbreviate(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
  assert.ok(res.status < 500, `answered ${res.status}: ${shown}`);
  if (res.status >= 400) {
    const error = res.body?.error;
    assert.ok(res.body && Object.keys(res.body).length === 1 && error, `a ${res.status} without Stripe's error envelope: ${shown}`);
    assert.ok(ERROR_TYPES.includes(error.type), `error.type ${error.type}`);
    assert.ok(typeof error.message === 'string' && error.message.length > 0, `no error.message: ${shown}`);
    if ('param' in error) assert.equal(typeof error.param, 'string', shown);
  }
  if (culprit) {
    assert.equal(res.status, 400, `${culprit} at fault, answered ${res.status}: ${shown}`);
    assert.equal(res.body.error.param, culprit, `error.param of ${shown}`);
  }
}
