import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Engine } from '../db/engine.ts';
import { ConfigError } from '../kit/config-error.ts';
import { bindKeyring } from './at-rest.ts';
import { createKeyFile, keyFilePath, readKeyFile } from './key-file.ts';
import { keyCheck, keyring, type Keyring } from './keys.ts';
import { addKeyCheck, keyChecks, resealSecrets } from './repository.ts';
import { sealSecret } from './seal.ts';

export interface SecretKeyOptions {
  dataDir: string;
  /** The current key, then older ones; none: SQLite's key file (PostgreSQL refuses). */
  secretKeys?: Buffer[] | undefined;
}

const GIVEN = 'BURSAR_SECRET_KEY or --secret-key';

/**
 * Makes the storage's secrets readable: finds its keys, refuses keys that are not the ones
 * its secrets are sealed under, seals any secret still in plain text (an earlier Bursar
 * kept them so) and lets the repositories seal and open with the keys from then on.
 */
export async function unlockSecrets(db: Kysely<Database>, engine: Engine, options: SecretKeyOptions): Promise<Keyring> {
  const checks = await keyChecks(db);
  const given = options.secretKeys !== undefined && options.secretKeys.length > 0;
  const ring = keyring(given ? options.secretKeys! : [defaultKey(engine, options.dataDir, checks.map((c) => c.id))]);
  const source = given ? GIVEN : keyFilePath(options.dataDir);

  // Every key the database has sealed values under must be in the ring, each the very key.
  const unknown = checks.filter((c) => ring.byId.get(c.id) === undefined || keyCheck(ring.byId.get(c.id)!) !== c.key_check);
  if (unknown.length > 0) {
    throw new ConfigError(
      `The secret key (${source}) does not open this database's secrets: they are sealed under key ${unknown.map((c) => c.id).join(', ')}, and the key given is ${ring.current.id}. ` +
        'Give the key they were sealed under; to change keys, give the new one as BURSAR_SECRET_KEY and the old one in BURSAR_SECRET_KEYS_OLD, then run `bursar secrets rotate`.',
    );
  }
  // Recorded before anything is sealed under it, so no value outlives its key's check.
  if (!checks.some((c) => c.id === ring.current.id)) await addKeyCheck(db, ring.current.id, keyCheck(ring.current));
  await resealSecrets(db, 'v1:', (plaintext) => sealSecret(ring, plaintext));
  bindKeyring(db, ring);
  return ring;
}

function defaultKey(engine: Engine, dataDir: string, sealedUnder: string[]): Buffer {
  if (engine === 'postgres') {
    throw new ConfigError(
      'PostgreSQL needs a secret key to seal the secrets Bursar stores (webhook signing secrets, HS256 secrets, invoice link keys). ' +
        `Make one with \`bursar secrets generate-key\` and give the same key to every process as ${GIVEN}.`,
    );
  }
  const key = readKeyFile(dataDir);
  if (key) return key;
  if (sealedUnder.length > 0) {
    throw new ConfigError(
      `This database's secrets are sealed under key ${sealedUnder.join(', ')}, but its key file ${keyFilePath(dataDir)} is missing: restore it from your backup, or give the key as ${GIVEN}.`,
    );
  }
  return createKeyFile(dataDir);
}
