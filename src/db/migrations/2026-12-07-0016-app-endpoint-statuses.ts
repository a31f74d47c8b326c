import type { Kysely } from 'kysely';

/**
 * Frozen: app endpoints saved before contracts were checked for it may answer with a status
 * that carries no body (1xx, 204, 205, 304, or none from 200 to 599), and a 101 drops every
 * connection. Such endpoints are disabled (their path answers 404) until their contract is fixed.
 */
const carriesBody = (status: unknown) => Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599 && ![204, 205, 304].includes(status as number);

function statusesOf(contract: string): unknown[] {
  try {
    const parsed = JSON.parse(contract);
    return [parsed.success?.status, ...Object.values(parsed.errors ?? {}).map((e: any) => e?.status)];
  } catch {
    return [undefined];
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const rows: { id: string; project_id: string; livemode: number; contract: string }[] = await db
    .selectFrom('app_endpoints')
    .select(['id', 'project_id', 'livemode', 'contract'])
    .where('enabled', '=', 1)
    .execute();
  for (const row of rows.filter((r) => !statusesOf(r.contract).every(carriesBody))) {
    await db.updateTable('app_endpoints').set({ enabled: 0 }).where('project_id', '=', row.project_id).where('livemode', '=', row.livemode).where('id', '=', row.id).execute();
  }
}
