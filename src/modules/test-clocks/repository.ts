import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TestClocksTable } from '../../db/schema.ts';
import { paginate } from '../../db/paginate.ts';
import { deleteScoped, findScoped, insertRow, updateScoped, type Row } from '../../db/scoped.ts';
import type { Scope } from '../../context.ts';
import type { Page } from '../../api/list.ts';

export type TestClockRow = Row<'test_clocks'>;

export const insertTestClock = (db: Db, row: Insertable<TestClocksTable>) => insertRow(db, 'test_clocks', row);

export const findTestClock = (db: Db, scope: Scope, id: string) => findScoped(db, 'test_clocks', scope, id);

export const updateTestClockRow = (db: Db, scope: Scope, id: string, patch: Updateable<TestClocksTable>) =>
  updateScoped(db, 'test_clocks', scope, id, patch);

export const listTestClockRows = (db: Db, scope: Scope, page: Page) => paginate(db, 'test_clocks', scope, page, 'test clock');

export const deleteTestClockRow = (db: Db, scope: Scope, id: string) => deleteScoped(db, 'test_clocks', scope, id);
