// The engines a benchmark runs on, and a throwaway PostgreSQL cluster when one is needed.
import type { Engine } from '../../src/db/engine.ts';
import { startPgCluster } from '../../scripts/pg-cluster.ts';

/** BENCH_ENGINES=sqlite (or postgres) runs one engine; both by default. */
export const benchEngines = (): Engine[] => (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[];

/** Runs `run` on each engine in turn, starting a PostgreSQL cluster unless BURSAR_TEST_DATABASE_URL names one. */
export async function runOnEngines<R>(engines: Engine[], run: (engine: Engine) => Promise<R[]>): Promise<R[]> {
  const pg = !engines.includes('postgres') || process.env.BURSAR_TEST_DATABASE_URL ? null : await startPgCluster();
  if (pg) process.env.BURSAR_TEST_DATABASE_URL = pg.url;
  const rows: R[] = [];
  try {
    for (const engine of engines) rows.push(...(await run(engine)));
  } finally {
    pg?.stop();
  }
  return rows;
}
