import { after, before, describe } from 'node:test';
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
      after(() => fixture?.close());
      body(() => fixture!);
    });
  }
}
