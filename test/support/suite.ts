import { after, afterEach, before, describe } from 'node:test';
import type { ConformanceLog } from './conformance.ts';
import type { Engine } from '../../src/db/engine.ts';
import { ENGINES } from './storage.ts';

/**
 * One `describe` per storage engine, each with its own fixture (a test API, an SDK
 * server …) opened before its tests and closed after them. `get()` returns the fixture.
 */
export function describeEachEngine<T extends { close(): Promise<void> }>(
  name: string,
  open: (engine: Engine) => Promise<T>,
  body: (get: () => T) => void,
): void {
  for (const engine of ENGINES) {
    describe(`${name} (${engine})`, () => {
      let fixture: T | undefined;
      before(async () => {
        fixture = await open(engine);
      });
      // A fixture that checks what it answers (an SDK server) fails the test whose responses differ from Stripe's.
      afterEach(() => (fixture as { conformance?: ConformanceLog } | undefined)?.conformance?.assertNone('Responses of /v1'));
      after(() => fixture?.close());
      body(() => fixture!);
    });
  }
}
