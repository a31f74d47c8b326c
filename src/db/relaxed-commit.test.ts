import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/suite.ts';
import { openTestStorage } from '../../test/support/storage.ts';
import type { Db } from './database.ts';
import { inRelaxedTransaction } from './relaxed-commit.ts';

/** How durably the connection commits now: SQLite's `synchronous` (2 = FULL), PostgreSQL's `synchronous_commit`. */
async function durability(db: Db, engine: string): Promise<string> {
  if (engine === 'sqlite') return String((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0].synchronous);
  return (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)).rows[0].synchronous_commit;
}

const secret = async (db: Db, name: string) => (await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirst())?.value;

describeEachEngine('relaxed commits', openTestStorage, (get) => {
  it('commit without waiting for the disk inside, and leave every other write durable, after an error too', async () => {
    const { db, engine } = get();
    const [full, relaxed] = engine === 'sqlite' ? ['2', '1'] : ['on', 'off'];
    assert.equal(await durability(db, engine), full);

    const inside = await inRelaxedTransaction(db, async (trx) => {
      await trx.insertInto('server_secrets').values({ name: 'relaxed:kept', value: 'v' }).execute();
      return durability(trx, engine);
    });
    assert.equal(inside, relaxed);
    assert.equal(await secret(db, 'relaxed:kept'), 'v');
    assert.equal(await durability(db, engine), full);

    await assert.rejects(
      inRelaxedTransaction(db, async (trx) => {
        await trx.insertInto('server_secrets').values({ name: 'relaxed:dropped', value: 'v' }).execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await secret(db, 'relaxed:dropped'), undefined);
    assert.equal(await durability(db, engine), full);
  });
});
