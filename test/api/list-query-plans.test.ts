import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import type * as z from 'zod';
import { apiRoutes } from '../../src/api/routes.ts';
import { pageParams } from '../../src/api/list.ts';
import type { Route } from '../../src/api/route.ts';
import type { Db } from '../../src/db/database.ts';
import { insertAttempts } from '../../src/modules/webhooks/outbox-repository.ts';
import { PRESET_NAMES } from '../../src/modules/app-endpoints/presets.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { describeEachEngine } from '../support/suite.ts';

// Every list the API serves, with every filter its schema accepts and every combination of
// them, first page and cursors, runs as a user would call it; each query it sends is
// then explained. A page must be one index walk: no scan of a table or of the whole scope
// where a filter narrows it, no sort. On PostgreSQL sequential scans and sorts are priced
// out, so even these tiny tables show whether an index can serve the query at all.

/** The scope and the order: a list's own `created` and `seq`, or another table's copies of them. */
const isScopeOrOrder = (column: string) => /^(project_id|livemode)$|(^|_)(created|seq)$/.test(column);
const PAGE_KEYS = new Set(Object.keys(pageParams));

interface Explained {
  /** Index walks: the table, the index, and the columns its bounds constrain. */
  walks: { table: string; index: string; constrained: string[]; partial: boolean }[];
  /** What makes this query's cost grow with a table: a full scan or a sort. */
  faults: string[];
}

/** Captures the SQL the app sends (its requests do not run in transactions). */
function recordQueries(db: Db): { during<T>(run: () => Promise<T>): Promise<CompiledQuery[]> } {
  const executor = db.getExecutor();
  const execute = executor.executeQuery.bind(executor);
  let log: CompiledQuery[] | null = null;
  executor.executeQuery = ((query: CompiledQuery) => {
    log?.push(query);
    return execute(query);
  }) as typeof executor.executeQuery;
  return {
    async during(run) {
      log = [];
      try {
        await run();
        return log;
      } finally {
        log = null;
      }
    },
  };
}

const columnsIn = (condition: string) =>
  [...condition.matchAll(/\b([a-z_]+)\b\s*(?:=|<|>|IS\b|\)\s*[<>])/gi)].map((m) => m[1]).filter((c) => !['ROW', 'AND'].includes(c));

async function explainSqlite(db: Db, query: CompiledQuery): Promise<Explained> {
  const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]));
  const out: Explained = { walks: [], faults: [] };
  for (const { detail } of plan.rows) {
    if (/^SCAN (?!CONSTANT)/.test(detail)) out.faults.push(detail);
    if (/TEMP B-TREE|AUTOMATIC/.test(detail)) out.faults.push(detail);
    const search = /^SEARCH (\w+) USING (?:COVERING |PRIMARY KEY|INTEGER PRIMARY KEY)?\s*(?:INDEX (\w+))?\s*\((.*)\)/.exec(detail);
    if (search) {
      const [, table, index = 'primary key', condition] = search;
      const ddl = await db.executeQuery<{ sql: string | null }>(CompiledQuery.raw(`select sql from sqlite_master where type = 'index' and name = ?`, [index]));
      out.walks.push({ table, index, constrained: columnsIn(condition), partial: / where /i.test(ddl.rows[0]?.sql ?? '') });
    }
  }
  return out;
}

let partialIndexes: Set<string> | undefined;

async function explainPostgres(db: Db, query: CompiledQuery): Promise<Explained> {
  return db.connection().execute(async (conn) => {
    await sql`set enable_seqscan = off`.execute(conn);
    await sql`set enable_sort = off`.execute(conn);
    const plan = await conn.executeQuery<{ 'QUERY PLAN': any }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]));
    await sql`reset enable_seqscan`.execute(conn);
    await sql`reset enable_sort`.execute(conn);
    partialIndexes ??= new Set(
      (await sql<{ indexname: string }>`select indexname from pg_indexes where indexdef ilike '% where %'`.execute(conn)).rows.map((r) => r.indexname),
    );
    const partial = partialIndexes;
    const out: Explained = { walks: [], faults: [] };
    const visit = (node: any) => {
      const type: string = node['Node Type'];
      if (type === 'Seq Scan') out.faults.push(`Seq Scan on ${node['Relation Name']}`);
      if (/Sort/.test(type)) out.faults.push(`${type} by ${node['Sort Key']}`);
      if (/Index/.test(type) && node['Index Name']) {
        if (!node['Index Cond']) out.faults.push(`${type} of all of ${node['Index Name']}`);
        const table = node['Relation Name'] ?? node['Index Name'].replace(/_list.*|_scope_id|_pkey$/, '');
        out.walks.push({ table, index: node['Index Name'], constrained: columnsIn(node['Index Cond'] ?? ''), partial: partial.has(node['Index Name']) });
      }
      for (const child of node.Plans ?? []) visit(child);
    };
    visit(plan.rows[0]['QUERY PLAN'][0].Plan);
    return out;
  });
}

/** A query's conditions but `created` (the range and the cursor), placeholders alike on both engines. */
const conditionsOf = (query: string) =>
  new Set(
    query
      .replace(/\$\d+/g, '?')
      .replace(/.* where (.*?)( order by .*)?$/s, '$1')
      .split(' and ')
      .filter((c) => !/created"/.test(c)),
  );

/** The columns SQL conditions compare, but the scope and the order. */
const columnsCompared = (conditions: string[]) =>
  new Set(conditions.flatMap((c) => [...c.matchAll(/"(\w+)"\s*(?:=|<|>|in\b|is\b|not\b)/gi)].map((m) => m[1])).filter((c) => !isScopeOrOrder(c)));

/** Values a user might send for a filter, from its schema; ids come from the fixtures. */
function samples(name: string, schema: z.ZodType, fixtures: Record<string, unknown>): unknown[] {
  const def = (schema as any)._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return samples(name, def.innerType, fixtures);
    case 'pipe':
      // z.preprocess(f, schema) validates with `out`; schema.transform(f) with `in`.
      return samples(name, def.out._zod.def.type === 'transform' ? def.in : def.out, fixtures);
    case 'enum':
      return Object.values(def.entries);
    case 'literal':
      return def.values;
    case 'boolean':
      return [true, false];
    case 'number':
      return [fixtures[name] ?? 1];
    case 'string':
      return [fixtures[name] ?? 'none'];
    case 'array':
      return [fixtures[name] ?? [samples(name, def.element, fixtures)[0], 'none']];
    case 'object':
      if (fixtures[name] !== undefined) return [fixtures[name]];
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) => samples(key, field, fixtures).map((v) => ({ [key]: v })));
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => samples(name, option, fixtures));
    case 'unknown':
      // A parameter Bursar refuses as not supported (notSupported): no value lists anything.
      return [];
    default:
      throw new Error(`no sample for filter ${name} (${def.type})`);
  }
}

/** Filters that name one thing twice (a plan is a price): sending both is refused, as in Stripe. */
const EXCLUSIVE = [['price', 'plan']];

/** Every combination of the filters: each alone with all its samples, together with the first. */
function combinations(filters: [string, unknown[]][]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{}];
  for (const [name, values] of filters) for (const value of values) out.push({ [name]: value });
  for (let mask = 1; mask < 1 << filters.length; mask++) {
    const chosen = filters.filter((_, i) => mask & (1 << i));
    if (EXCLUSIVE.some((pair) => pair.every((name) => chosen.some(([n]) => n === name)))) continue;
    if (chosen.length > 1) out.push(Object.fromEntries(chosen.map(([name, values]) => [name, values[0]])));
  }
  return out;
}

async function seed(api: TestApi): Promise<{ fixtures: Record<string, unknown>; pathIds: Record<string, string> }> {
  const post = async (path: string, params: Record<string, unknown>) => {
    const res = await api.call('POST', path, { params });
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const clock = await post('/v1/test_helpers/test_clocks', { frozen_time: api.clock.now() });
  const customer = await post('/v1/customers', { email: 'plans@example.com', test_clock: clock.id });
  await post('/v1/customers', { email: 'other@example.com' });
  const product = await post('/v1/products', { name: 'Pro', url: 'https://example.com/pro' });
  const price = await post('/v1/prices', { product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, lookup_key: 'pro_monthly' });
  await post('/v1/prices', { product: product.id, currency: 'eur', unit_amount: 500 });
  const coupon = await post('/v1/coupons', { percent_off: 10, duration: 'forever' });
  const promo = await post('/v1/promotion_codes', { coupon: coupon.id, code: 'PLANS10', customer: customer.id });
  await post('/v1/tax_rates', { display_name: 'VAT', percentage: 20, inclusive: 'false' });
  await post(`/v1/customers/${customer.id}/tax_ids`, { type: 'eu_vat', value: 'DE123456789' });
  const card = await post('/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
  const subscription = await post('/v1/subscriptions', { customer: customer.id, items: [{ price: price.id }], default_payment_method: card.id });
  await post('/v1/invoiceitems', { customer: customer.id, amount: 500, currency: 'usd' });
  const invoice = await post('/v1/invoices', { customer: customer.id, pending_invoice_items_behavior: 'include' });
  const creditNote = await post('/v1/credit_notes', { invoice: subscription.latest_invoice, amount: 100 });
  const [intent] = (await api.call('GET', '/v1/payment_intents', { params: { customer: customer.id } })).body.data;
  await post('/v1/refunds', { payment_intent: intent.id, amount: 100 });
  await post(`/v1/customers/${customer.id}/balance_transactions`, { amount: -100, currency: 'usd' });
  const endpoint = await post('/v1/webhook_endpoints', { url: 'https://example.com/hooks', enabled_events: ['*'] });
  await post('/v1/billing_portal/configurations', { features: { invoice_history: { enabled: 'true' } } });
  await post('/v1/app_endpoints', { preset: PRESET_NAMES[0] });
  const events = (await api.call('GET', '/v1/events', { params: { limit: 1 } })).body.data;
  const scope = { project_id: api.ctx().scope.projectId, livemode: 0 };
  await insertAttempts(api.storage.db, [
    { id: 'wha_plans', ...scope, created: api.clock.now(), endpoint_id: endpoint.id, event_id: events[0].id, event_type: events[0].type, delivery_id: 'whd_plans', attempt: 1, status: 'failed', response_status: 500, duration_ms: 1 },
  ]);
  return {
    fixtures: {
      customer: customer.id,
      email: customer.email,
      test_clock: clock.id,
      product: product.id,
      ids: [product.id, 'prod_none'],
      price: price.id,
      plan: price.id,
      // Whose tax IDs /v1/tax_ids lists: Bursar keeps customers' only.
      owner: { type: 'customer', customer: customer.id },
      lookup_keys: ['pro_monthly', 'none'],
      coupon: coupon.id,
      code: promo.code,
      currency: 'usd',
      url: product.url,
      subscription: subscription.id,
      invoice: invoice.id,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      event: events[0].id,
      types: ['customer.created', 'invoice.created'],
      created: api.clock.now(),
    },
    pathIds: { customers: customer.id, webhook_endpoints: endpoint.id, invoices: invoice.id, credit_notes: creditNote.id },
  };
}

// Optional in Stripe, needed by Bursar: /v1/tax_ids lists customers' tax IDs only (Stripe's default owner is the account).
const ALWAYS_SENT: Record<string, string[]> = { '/v1/tax_ids': ['owner'] };

// A preview's lines (credit notes) are computed, not read from a table: they have no query to walk.
const listRoutes = (apiRoutes as Route[]).filter((r) => r.method === 'GET' && typeof r.returns === 'object' && 'list' in r.returns && !r.path.includes('/preview/'));

describeEachEngine('list query plans', (engine) => createTestApi(engine), (get) => {
  let seeded: Awaited<ReturnType<typeof seed>>;
  before(async () => {
    seeded = await seed(get());
  });

  for (const route of listRoutes) {
    it(`${route.path}: every filter and cursor is one index walk, on each engine`, async () => {
      const api = get();
      const db = api.storage.db;
      const engine = api.storage.engine;
      const path = route.path.replace(/\/(\w+)\/:\w+/g, (_, parent: string) => `/${parent}/${seeded.pathIds[parent]}`);
      const shape = route.params.shape as Record<string, z.ZodType>;
      const entries = Object.entries(shape).filter(([name]) => !PAGE_KEYS.has(name));
      const sampled = (name: string, schema: z.ZodType) =>
        // Event types: a wildcard too (Stripe's `customer.*`).
        name === 'type' && route.path === '/v1/events' ? ['customer.*', 'customer.created'] : samples(name, schema, seeded.fixtures);
      // A required filter (or a parent in the path) narrows every page of the list.
      const required = Object.fromEntries(
        entries.filter(([name, schema]) => !schema.safeParse(undefined).success || ALWAYS_SENT[route.path]?.includes(name)).map(([name, schema]) => [name, sampled(name, schema)[0]]),
      );
      const alwaysNarrowed = route.path.includes(':') || Object.keys(required).length > 0;
      const filters = entries
        .filter(([name]) => !(name in required))
        .map(([name, schema]): [string, unknown[]] => [name, sampled(name, schema)])
        .filter(([, values]) => values.length > 0);
      const first = await api.call('GET', path, { params: { ...required, limit: 1 } });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const cursorId: string | undefined = first.body.data[0]?.id;
      const recorder = recordQueries(db);
      const faults: string[] = [];
      // The conditions of the unfiltered page (hidden deleted rows, retention): filters add to them.
      const unfiltered = new Map<string, Set<string>>();
      for (const filter of combinations(filters)) {
        // ending_before walks the same index the other way: once per filter is enough.
        const single = Object.keys(filter).length <= 1;
        const pages = { first: {}, ...(cursorId && { after: { starting_after: cursorId } }), ...(cursorId && single && { before: { ending_before: cursorId } }) };
        for (const [mode, page] of Object.entries(pages)) {
          const params = { ...required, ...filter, ...page, limit: 3 };
          let status = 0;
          const queries = await recorder.during(async () => {
            status = (await api.call('GET', path, { params })).status;
          });
          const where = `GET ${path} ${JSON.stringify(params)}`;
          assert.equal(status, 200, where);
          for (const query of queries.filter((q) => /^\s*select/i.test(q.sql))) {
            const plan = engine === 'sqlite' ? await explainSqlite(db, query) : await explainPostgres(db, query);
            for (const fault of plan.faults) faults.push(`${where}: ${fault}\n  ${query.sql}`);
            // A filtered page walks the filter's own index range, not the whole scope.
            const isPage = /order by ((?:"\w+"\.)?"\w*created" (desc|asc), )?(?:"\w+"\.)?"\w*seq" (desc|asc) limit/.test(query.sql);
            const table = /from "(\w+)"/.exec(query.sql)?.[1];
            if (isPage && Object.keys(filter).length === 0) unfiltered.set(`${mode}:${table}`, conditionsOf(query.sql));
            const added = [...conditionsOf(query.sql)].filter((c) => !unfiltered.get(`${mode}:${table}`)?.has(c));
            if (isPage && (alwaysNarrowed || added.length > 0)) {
              // The filter's own columns bound the walk: a filter checked row by row while
              // another condition (a list's default statuses) picks the index costs the scope.
              const filtered = columnsCompared(added);
              const narrows = plan.walks.some(
                (w) =>
                  w.table === table &&
                  (w.constrained.some((c) => (filtered.size > 0 ? filtered.has(c) : !isScopeOrOrder(c))) ||
                    (w.partial && w.index !== `${table}_list` && w.index !== `${table}_list_created`)),
              );
              if (!narrows) faults.push(`${where}: walks the whole scope (${plan.walks.map((w) => `${w.index} on ${w.constrained.join(', ')}`).join('; ')})\n  ${query.sql}`);
            }
            if (isPage && 'created' in filter && !plan.walks.some((w) => w.table === table && w.constrained.some((c) => /(^|_)created$/.test(c)))) {
              faults.push(`${where}: created is not an index bound\n  ${query.sql}`);
            }
          }
        }
      }
      assert.deepEqual(faults, []);
    });
  }
});
