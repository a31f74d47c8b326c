import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { scopeColumns, type Scope } from '../../context.ts';
import type { ProcessorCredentials } from '../../processors/make.ts';
import { openAtRest, sealAtRest } from '../../secrets/at-rest.ts';

/** A project's processor in one mode, its credentials opened. */
export interface StoredSettings {
  credentials: ProcessorCredentials;
  version: string;
  updated: number;
}

const inScope = (db: Db, scope: Scope) => {
  const s = scopeColumns(scope);
  return db.selectFrom('processor_settings').where('project_id', '=', s.project_id).where('livemode', '=', s.livemode);
};

// The table holds the credentials sealed; they leave the repository open.
export async function findSettings(db: Db, scope: Scope): Promise<StoredSettings | undefined> {
  const row = await inScope(db, scope).selectAll().executeTakeFirst();
  if (!row) return undefined;
  const credentials: ProcessorCredentials = row.credentials === null ? { kind: 'test' } : JSON.parse(openAtRest(db, row.credentials));
  return { credentials, version: row.version, updated: row.updated };
}

/** Only the settings' kind and version: no secret is opened to read them. */
export async function findSettingsVersion(db: Db, scope: Scope): Promise<{ kind: string; version: string } | undefined> {
  return inScope(db, scope).select(['kind', 'version']).executeTakeFirst();
}

export async function upsertSettings(db: Db, scope: Scope, credentials: ProcessorCredentials, now: number): Promise<void> {
  const values = { kind: credentials.kind, credentials: credentials.kind === 'test' ? null : sealAtRest(db, JSON.stringify(credentials)), version: randomBytes(9).toString('base64url'), updated: now };
  await db
    .insertInto('processor_settings')
    .values({ ...scopeColumns(scope), ...values })
    .onConflict((oc) => oc.columns(['project_id', 'livemode']).doUpdateSet(values))
    .execute();
}

export async function deleteSettings(db: Db, scope: Scope): Promise<void> {
  const s = scopeColumns(scope);
  await db.deleteFrom('processor_settings').where('project_id', '=', s.project_id).where('livemode', '=', s.livemode).execute();
}
