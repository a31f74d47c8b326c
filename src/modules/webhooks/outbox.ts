import type { Ctx, Scope } from '../../context.ts';
import { afterCommit } from '../../db/after-commit.ts';
import { externalChangeCounter, type Db } from '../../db/database.ts';
import { newId } from '../../kit/ids.ts';
import { enabledEndpointsOf } from './repository.ts';
import { insertDeliveries, resumeDeliveries } from './outbox-repository.ts';
import { DEFAULT_WEBHOOK_SETTINGS, retryWindow } from './retry-policy.ts';

// Every event goes through here, inside the transaction of the change, so it must cost
// next to nothing for a project without endpoints. Where the engine tells cheaply whether
// another process has committed (SQLite's data_version), a scope's enabled endpoints are
// kept until then or until this process changes an endpoint. PostgreSQL asks once per
// transaction (one indexed query): a change records several events (an invoice created,
// finalized, paid …), and an endpoint created meanwhile takes the next transaction's.

interface Subscriber {
  id: string;
  events: Set<string>;
}

interface Generation {
  dataVersion: number;
  changes: number;
  scopes: Map<string, Subscriber[]>;
}

const MAX_SCOPES = 10_000;
let localChanges = 0;
const generations = new WeakMap<object, Generation>();

/** Call whenever this process changes an endpoint (before or after its commit: both are safe on SQLite's one connection). */
export function forgetCachedEndpoints(): void {
  localChanges++;
}

async function subscribersOf(db: Db, scope: Scope): Promise<Subscriber[]> {
  const load = async () =>
    (await enabledEndpointsOf(db, scope)).map((e) => ({ id: e.id, events: new Set<string>(JSON.parse(e.enabled_events)) }));
  const counter = externalChangeCounter(db);
  if (!counter && !db.isTransaction) return load();
  const dataVersion = counter ? counter() : 0;
  // Per database (SQLite) or per transaction (PostgreSQL).
  const key = counter ? db.getExecutor().adapter : db;
  let generation = generations.get(key);
  if (generation?.dataVersion !== dataVersion || generation.changes !== localChanges) {
    generation = { dataVersion, changes: localChanges, scopes: new Map() };
    generations.set(key, generation);
  }
  const scopeKey = `${scope.projectId}:${scope.livemode ? 1 : 0}`;
  let subscribers = generation.scopes.get(scopeKey);
  if (!subscribers) {
    subscribers = await load();
    if (generation.scopes.size >= MAX_SCOPES) generation.scopes.clear();
    generation.scopes.set(scopeKey, subscribers);
  }
  return subscribers;
}

const wakers = new Set<(endpoints: readonly string[]) => void>();

/**
 * `wake` runs whenever deliveries written in this process have committed, with the
 * endpoints they go to. Returns the unsubscribe.
 */
export function onDeliveriesCommitted(wake: (endpoints: readonly string[]) => void): () => void {
  wakers.add(wake);
  return () => wakers.delete(wake);
}

/**
 * Writes one delivery per enabled endpoint of the scope taking `type` (or `*`), or only to
 * `endpoints` when given (a resend), due at once. Returns their ids.
 */
export async function writeDeliveries(ctx: Ctx, eventId: string, type: string, endpoints?: string[]): Promise<string[]> {
  const subscribers = endpoints ? endpoints.map((id) => ({ id })) : (await subscribersOf(ctx.db, ctx.scope)).filter((s) => s.events.has(type) || s.events.has('*'));
  if (subscribers.length === 0) return [];
  const created = ctx.clock.now();
  const ids = subscribers.map(() => newId('whd'));
  await insertDeliveries(
    ctx.db,
    subscribers.map((s, i) => ({
      id: ids[i],
      project_id: ctx.scope.projectId,
      livemode: ctx.scope.livemode ? 1 : 0,
      event_id: eventId,
      endpoint_id: s.id,
      created,
      status: 'pending',
      attempts: 0,
      next_attempt_at: 0,
      locked_until: 0,
      claim: null,
    })),
  );
  wakeOnCommit(ctx.db, subscribers.map((s) => s.id));
  return ids;
}

function wakeOnCommit(db: Db, endpoints: readonly string[]): void {
  afterCommit(db, () => {
    for (const wake of wakers) wake(endpoints);
  });
}

/**
 * An endpoint enabled again takes the deliveries paused when it was disabled, at once, as
 * long as they are inside the retry window (created no longer ago than the retry schedule
 * lasts); older ones are given up. Events recorded while it was disabled were not queued
 * for it, as in Stripe.
 */
export async function resumePausedDeliveries(ctx: Ctx, endpoint: string): Promise<void> {
  const window = retryWindow((ctx.webhooks ?? DEFAULT_WEBHOOK_SETTINGS).policy);
  const due = await resumeDeliveries(ctx.db, endpoint, ctx.clock.now() - Math.ceil(window / 1000));
  if (due > 0) wakeOnCommit(ctx.db, [endpoint]);
}
