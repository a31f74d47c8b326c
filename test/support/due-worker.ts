// A separate Bursar process that runs the due-work loop once against DATABASE_URL (with BURSAR_SECRET_KEY) and prints
// its result as JSON: several of these on one PostgreSQL show that work is claimed once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { openStorage } from '../../src/db/database.ts';
import { runDueWork } from '../../src/jobs/due-work.ts';
import { systemClock } from '../../src/kit/clock.ts';

const storage = await openStorage({ databaseUrl: process.env.DATABASE_URL, dataDir: mkdtempSync(join(tmpdir(), 'bursar-worker-')), secretKeys: loadConfig().secretKeys });
const result = await runDueWork({ db: storage.db, clock: systemClock, logger: pino({ level: 'silent' }) });
await storage.close();
process.stdout.write(JSON.stringify(result));
