import type { Context, Hono } from 'hono';
import * as z from 'zod';
import type { Ctx, ProcessorAccess, Scope } from '../context.ts';
import type { Db } from '../db/database.ts';
import { GenerationCache } from '../db/generation-cache.ts';
import { inTransaction } from '../db/after-commit.ts';
import type { Clock } from '../kit/clock.ts';
import { BursarError } from '../kit/errors.ts';
import { readParams } from './body.ts';
import { settle } from '../kit/parse-body.ts';
import { checkExpandPaths, expandObject, type ApiObject, type ExpandRegistry, type Returns } from './expand.ts';
import { claimKey, completeClaim, releaseClaim, requestHash, type StoredResponse } from './idempotency.ts';
import { list, parseParams, str } from './params.ts';
import { requestedVersion } from '../versions/known.ts';
import { toVersion } from '../versions/transforms.ts';
import { refuseNotSupported } from './not-supported.ts';
import type { WebhookSettings } from '../modules/webhooks/retry-policy.ts';
import type { DunningPolicy } from '../modules/subscriptions/dunning.ts';
import type { PortalTimeouts } from '../modules/portal-sessions/timeouts.ts';
import { callRecordedAttempts } from '../modules/payment-intents/attempt.ts';
import type { Settled } from '../modules/payment-intents/settle.ts';

export type ApiEnv = { Variables: { scope: Scope; requestId: string; generation: number | null } };

/** One endpoint of the Stripe-compatible API: its parameters validate requests and document them. */
export interface Route<S extends z.ZodObject = z.ZodObject> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  params: S;
  /**
   * The object type it answers with, or `{ list: type }`: `expand[]` is checked against it
   * before the request runs, even when the answer has nothing to expand (an empty list).
   */
  returns: Returns;
  /** A POST that only reads (a preview): it runs like a GET, with no transaction and no idempotency record. */
  readOnly?: boolean;
  /**
   * A GET whose answer depends on stored data only, never on the time: its JSON is served
   * from memory until anything is written (see changeGeneration; SQLite only).
   */
  cacheable?: boolean;
  handle(ctx: Ctx, params: z.output<S>, path: Record<string, string>): Promise<ApiObject>;
  /**
   * A write that charged through a remote processor answers once the charges were made after
   * its commit: with what this returns (the object as it then stands by default, reloaded).
   */
  afterCharges?(ctx: Ctx, object: ApiObject, settled: readonly Settled[], params: z.output<S>): Promise<ApiObject>;
}

export function defineRoute<S extends z.ZodObject>(route: Route<S>): Route<S> {
  return route;
}

/** Every endpoint takes `expand[]`. */
export function paramsOf(route: Route): z.ZodObject {
  return route.params.extend({ expand: list(str(500), 50).optional() });
}

export interface ApiDeps {
  db: Db;
  clock: Clock;
  expand: ExpandRegistry;
  publicUrl?: string;
  dunning?: DunningPolicy;
  portalTimeouts?: PortalTimeouts;
  upcomingNotice?: number;
  webhooks?: WebhookSettings;
  payments?: ProcessorAccess;
}

type Outcome = StoredResponse & { replayed: boolean };

const errorResponse = (error: BursarError): StoredResponse => ({ status: error.status, body: JSON.stringify(error.toResponse().body) });

/** How a write runs: its work, how its answer is expanded, and its answer after remote charges. */
interface Write {
  handle(ctx: Ctx): Promise<ApiObject>;
  expand(ctx: Ctx, object: ApiObject): Promise<ApiObject>;
  afterCharges(ctx: Ctx, object: ApiObject, settled: readonly Settled[]): Promise<ApiObject>;
}

/**
 * Runs a write: in one transaction, with its idempotency record. A client error is stored
 * (and replayed) like a success; a server fault frees the key so a retry runs afresh. A
 * write that recorded charges for a remote processor commits them first; the processor is
 * called after, each answer settled in its own transaction, and the answer is stored then.
 */
async function runWrite(ctx: Ctx, hash: string, write: Write): Promise<Outcome> {
  const key = ctx.idempotencyKey;
  if (key) {
    const claim = await claimKey(ctx, key, hash);
    if (claim.kind === 'replay') return { ...claim.response, replayed: true };
  }
  const remoteCharges: string[] = [];
  try {
    const committed = await inTransaction(ctx.db, async (trx) => {
      const txCtx = { ...ctx, db: trx, remoteCharges };
      let response: StoredResponse | null;
      let object: ApiObject | null = null;
      try {
        object = await write.handle(txCtx);
        response = remoteCharges.length > 0 ? null : { status: 200, body: JSON.stringify(await write.expand(txCtx, object)) };
      } catch (error) {
        // A failure that is itself a record (a declined charge) commits with what it wrote.
        if (!(error instanceof BursarError && error.keepChanges)) throw error;
        response = errorResponse(error);
      }
      if (key && response) await completeClaim(txCtx, key, response);
      return { response, object };
    });
    if (committed.response) return { ...committed.response, replayed: false };
    let response: StoredResponse;
    try {
      const settled = await callRecordedAttempts(ctx, remoteCharges);
      response = { status: 200, body: JSON.stringify(await write.expand(ctx, await write.afterCharges(ctx, committed.object!, settled))) };
    } catch (error) {
      if (!(error instanceof BursarError && error.status < 500)) throw error;
      response = errorResponse(error);
    }
    if (key) await completeClaim(ctx, key, response);
    return { ...response, replayed: false };
  } catch (error) {
    if (key) {
      if (error instanceof BursarError && error.status < 500) {
        await completeClaim(ctx, key, { status: error.status, body: JSON.stringify(error.toResponse().body) });
      } else {
        await releaseClaim(ctx, key);
      }
    }
    throw error;
  }
}

function respond(c: Context, outcome: Outcome): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
  if (outcome.replayed) headers['idempotent-replayed'] = 'true';
  return c.body(outcome.body, outcome.status as 200, headers);
}

const MAX_CACHED_ANSWERS = 10_000;

/**
 * Orders routes as Stripe matches paths: at the first segment where two paths differ, a fixed
 * word wins over a parameter (`/v1/customers/search` before `/v1/customers/:id`), whatever the
 * order they were listed in. The router tries handlers in the order they were added.
 */
export function byPrecedence(routes: readonly Route[]): Route[] {
  const rank = (path: string) => path.split('/').map((segment) => (segment.startsWith(':') ? 1 : 0));
  return routes
    .map((route, index) => ({ route, index, rank: rank(route.path) }))
    .sort((a, b) => {
      // Lexicographic over the ranks, then listing order: a total order, so the sort is well defined.
      for (let i = 0; i < Math.min(a.rank.length, b.rank.length); i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
      return a.rank.length - b.rank.length || a.index - b.index;
    })
    .map(({ route }) => route);
}

/** Stripe's answer to a path it has no endpoint for. */
export function unrecognizedUrl(c: Context): Response {
  const message = `Unrecognized request URL (${c.req.method}: ${c.req.path}).`;
  return c.json(new BursarError({ status: 404, type: 'invalid_request_error', message }).toResponse().body, 404);
}

export function mountRoutes(app: Hono<ApiEnv>, routes: Route[], deps: ApiDeps): void {
  const answers = new GenerationCache<string>(MAX_CACHED_ANSWERS);
  for (const route of byPrecedence(routes)) {
    const schema = paramsOf(route);
    app.on(route.method, route.path, async (c) => {
      const generation = route.cacheable ? c.get('generation') : null;
      const scope = c.get('scope');
      const version = requestedVersion(c.req.header('stripe-version'));
      // The same URL under the same key scope and version: the same parameters, already validated once.
      const cacheKey = `${scope.projectId}:${scope.livemode}:${version}:${c.req.url}`;
      const cached = generation === null ? undefined : answers.get(generation, cacheKey);
      if (cached !== undefined) return c.body(cached, 200, { 'content-type': 'application/json' });
      const raw = await readParams(c);
      refuseNotSupported(`${route.method} ${route.path}`, raw);
      const params = parseParams(schema, raw) as z.output<typeof schema> & { expand?: string[] };
      checkExpandPaths(deps.expand, route.returns, params.expand);
      const ctx: Ctx = {
        db: deps.db,
        scope,
        clock: deps.clock,
        requestId: c.get('requestId'),
        idempotencyKey: route.method === 'POST' ? (c.req.header('idempotency-key') ?? null) : null,
        publicUrl: deps.publicUrl,
        dunning: deps.dunning,
        portalTimeouts: deps.portalTimeouts,
        upcomingNotice: deps.upcomingNotice,
        webhooks: deps.webhooks,
        ...deps.payments,
      };
      const path = c.req.param() as Record<string, string>;
      settle(path);
      // Expanded, then shown in the shapes of the version asked for (versions/transforms.ts).
      const expand = async (ctx: Ctx, object: ApiObject) => toVersion(await expandObject(ctx, deps.expand, object, params.expand), version);
      const handle = (ctx: Ctx) => route.handle(ctx, params, path);
      const run = async (ctx: Ctx) => expand(ctx, await handle(ctx));
      if (generation !== null) {
        const body = JSON.stringify(await run(ctx));
        answers.set(generation, cacheKey, body);
        return c.body(body, 200, { 'content-type': 'application/json' });
      }
      if (route.method === 'GET' || route.readOnly) return c.json(await run(ctx));
      const afterCharges = (ctx: Ctx, object: ApiObject, settled: readonly Settled[]) =>
        route.afterCharges ? route.afterCharges(ctx, object, settled, params) : deps.expand.loaders[object.object]!(ctx, (object as ApiObject & { id: string }).id);
      return respond(c, await runWrite(ctx, requestHash(route.method, c.req.path, raw), { handle, expand, afterCharges }));
    });
  }
}
