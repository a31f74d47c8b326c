import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { changeGeneration, openStorage, type Storage } from '../../db/database.ts';
import { ManualClock } from '../../kit/clock.ts';
import { sha256Hex } from '../../kit/crypto.ts';
import { BursarError } from '../../kit/errors.ts';
import { ENGINES, openTestStorage, type TestStorage } from '../../../test/support/storage.ts';
import { ensureProject } from '../projects/service.ts';
import { findKeyByHash } from './repository.ts';
import { cachedKey } from './key-cache.ts';
import { authenticate, createKey, revokeApiKey } from './service.ts';

const clock = new ManualClock(1_767_225_600);
const expired = (e: unknown) => e instanceof BursarError && e.status === 401 && e.code === 'api_key_expired';

for (const engine of ENGINES) {
  describe(`API key lookups (${engine})`, () => {
    let storage: TestStorage;
    let other: Storage; // a second connection, as `bursar keys revoke` in another process has
    let projectId: string;
    before(async () => {
      storage = await openTestStorage(engine);
      other = await openStorage(storage.options);
      projectId = (await ensureProject(storage.db, clock, 'Acme')).id;
    });
    after(async () => {
      await other.close();
      await storage.close();
    });

    it('a key revoked by another connection fails on the next request', async () => {
      const key = await createKey(storage.db, clock, { projectId, livemode: false });
      for (let i = 0; i < 3; i++) assert.deepEqual(await authenticate(storage.db, key.secret), { projectId, livemode: false });
      await revokeApiKey(other.db, clock, key.id);
      await assert.rejects(authenticate(storage.db, key.secret), expired);
    });

    it('a key revoked through the same connection fails on the next request', async () => {
      const key = await createKey(storage.db, clock, { projectId, livemode: true });
      await authenticate(storage.db, key.secret);
      await revokeApiKey(storage.db, clock, key.id);
      await assert.rejects(authenticate(storage.db, key.secret), expired);
    });

    it(engine === 'sqlite' ? 'reuses a lookup until anything is written, here or elsewhere' : 'looks the key up every time', async () => {
      const key = await createKey(storage.db, clock, { projectId, livemode: false });
      const hash = sha256Hex(key.secret);
      let lookups = 0;
      const lookup = () => {
        lookups++;
        return findKeyByHash(storage.db, hash);
      };
      const check = () => cachedKey(storage.db, changeGeneration(storage.db), hash, lookup);
      await check();
      await check();
      assert.equal(lookups, engine === 'sqlite' ? 1 : 2);
      await ensureProject(other.db, clock, 'Unrelated'); // any commit elsewhere
      await check();
      assert.equal(lookups, engine === 'sqlite' ? 2 : 3);
      await ensureProject(storage.db, clock, 'Unrelated too'); // any write here
      await check();
      assert.equal(lookups, engine === 'sqlite' ? 3 : 4);
      // An unknown key is not cached: it may be created by another process at any moment.
      let misses = 0;
      for (let i = 0; i < 2; i++) await cachedKey(storage.db, changeGeneration(storage.db), 'f'.repeat(64), async () => (misses++, undefined));
      assert.equal(misses, 2);
    });
  });
}
