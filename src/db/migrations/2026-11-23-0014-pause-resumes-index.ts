import type { Kysely } from 'kysely';

/** Frozen: the due-work claim reads paused collections ending by now as one index range. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('subscriptions_pause_resumes_at').on('subscriptions').columns(['status', 'pause_resumes_at']).execute();
}
