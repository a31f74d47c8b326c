import type { Db } from '../../db/database.ts';
import type { Clock } from '../../kit/clock.ts';
import { newId } from '../../kit/ids.ts';
import { BursarError } from '../../kit/errors.ts';
import { findProject, insertProject, listProjects } from './repository.ts';

export interface Project {
  id: string;
  name: string;
  created: number;
}

/** Creates the project with this id unless it exists (ids make setup idempotent). */
export async function ensureProject(db: Db, clock: Clock, name: string, id = newId('proj')): Promise<Project> {
  await insertProject(db, { id, name, created: clock.now() });
  return (await findProject(db, id))!;
}

export async function getProject(db: Db, id: string): Promise<Project> {
  const project = await findProject(db, id);
  if (!project) throw BursarError.notFound('project', id);
  return project;
}

export { listProjects };

/** The project CLI commands act on when none is named: the oldest, or a new "Default". */
export async function defaultProject(db: Db, clock: Clock): Promise<Project> {
  const [first] = await listProjects(db);
  return first ?? ensureProject(db, clock, 'Default');
}
