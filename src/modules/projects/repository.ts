import type { Db } from '../../db/database.ts';
import type { ProjectsTable } from '../../db/schema.ts';

export async function insertProject(db: Db, row: ProjectsTable): Promise<void> {
  await db.insertInto('projects').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export async function findProject(db: Db, id: string): Promise<ProjectsTable | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listProjects(db: Db): Promise<ProjectsTable[]> {
  return db.selectFrom('projects').selectAll().orderBy('created').orderBy('id').execute();
}
