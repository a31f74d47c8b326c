import type { Insertable } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { WebhookAttemptsTable } from '../db/schema.ts';
import { inRelaxedTransaction } from '../db/relaxed-commit.ts';
import type { Listen } from '../db/notify.ts';
import type { Clock } from '../kit/clock.ts';
import { newId, randomBase62 } from '../kit/ids.ts';
import { addPendingWebhooks, scopedEventsByIds, type EventRow } from '../modules/events/repository.ts';
import type { Resolver } from '../net/address-guard.ts';
import { modeClients } from '../net/client.ts';
import {
  claimDeliveries,
  clearFailing,
  DELIVERIES_CHANNEL,
  insertAttempts,
  markFailing,
  nextDueAt,
  settleDelivered,
  settleDelivery,
  type DeliveryRow,
} from '../modules/webhooks/outbox-repository.ts';
import { forgetCachedEndpoints, onDeliveriesCommitted } from '../modules/webhooks/outbox.ts';
import { endpointsByIds, findEndpoint, type WebhookEndpointRow } from '../modules/webhooks/repository.ts';
import { DEFAULT_WEBHOOK_POLICY, leaseOf, nextAttemptAt, type WebhookPolicy } from '../modules/webhooks/retry-policy.ts';
import { postWebhook, type SendOutcome } from '../modules/webhooks/send.ts';
import { disableFailingEndpoint } from '../modules/webhooks/service.ts';
import { webhookRequest } from '../modules/webhooks/request.ts';

/** Deliveries in flight per process, and per endpoint: a slow endpoint holds at most its share. */
export const MAX_IN_FLIGHT = 128;
export const MAX_IN_FLIGHT_PER_ENDPOINT = 32;
/**
 * An endpoint is claimed for again once this many of its share are free: under a backlog,
 * claims (and the event and endpoint reads after them) come in batches, not one per delivery.
 */
const CLAIM_BATCH = MAX_IN_FLIGHT_PER_ENDPOINT / 2;

export interface WebhookDispatchDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  policy?: WebhookPolicy;
  /** The operator's allowlist: host names, addresses, CIDR networks reached though internal. */
  allow?: readonly string[];
  resolve?: Resolver;
  /** Other processes' commits wake this one (PostgreSQL); without it, a timer looks every `fallbackMs`. */
  listen?: Listen;
  fallbackMs?: number;
  /** Unix milliseconds; leases and schedules run on it. */
  now?: () => number;
  /** Deliver only these deliveries (a resend from the CLI), nothing else. */
  only?: readonly string[];
  /** Told of every recorded attempt (the CLI prints them). */
  onAttempt?: (attempt: AttemptReport) => void;
}

export interface AttemptReport {
  delivery: string;
  event: string;
  type: string;
  endpoint: string;
  url: string;
  attempt: number;
  outcome: SendOutcome;
  /** 'succeeded', 'retrying' (another attempt is scheduled) or 'failed' (no more attempts). */
  result: 'succeeded' | 'retrying' | 'failed';
}

export interface WebhookDispatcher {
  /** Looks for due deliveries now (called after a commit that wrote some). */
  wake(): void;
  /** Stops claiming, lets deliveries in flight finish (each bounded by the timeout) and records them. */
  stop(): Promise<void>;
}

interface Finished {
  row: DeliveryRow;
  endpoint: WebhookEndpointRow | undefined;
  event: EventRow | undefined;
  outcome: SendOutcome | null;
  at: number;
}

const ok = (status: number | null) => status !== null && status >= 200 && status < 300;

/**
 * Delivers the outbox. A commit that wrote deliveries wakes it in this process; on
 * PostgreSQL a NOTIFY wakes it in the others; otherwise it sleeps until the next retry is
 * due or `fallbackMs` (which also finds deliveries whose lease ran out). Claims are leased,
 * so a delivery survives a crash of the process delivering it; outcomes are recorded in
 * batches, each in one transaction.
 */
export function startWebhookDispatcher(deps: WebhookDispatchDeps): WebhookDispatcher {
  const policy = deps.policy ?? DEFAULT_WEBHOOK_POLICY;
  const now = deps.now ?? Date.now;
  const fallbackMs = deps.fallbackMs ?? (deps.listen ? 2000 : 1000);
  // One client (and pool of connections) per mode: a socket opened under test mode's rules never serves live mode.
  const clients = modeClients({ allow: deps.allow, resolve: deps.resolve, keepAlive: true });
  const claim = randomBase62(16);
  const busy = new Map<string, number>();
  const running = new Set<Promise<void>>();
  let inFlight = 0;
  let stopped = false;
  let pumping: Promise<void> | null = null;
  // Something may be due that the last claim did not take: new deliveries, a retry's time,
  // a lease run out, or room again for an endpoint that was passed over.
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let finished: Finished[] = [];
  let flushing: Promise<void> | null = null;

  const wake = () => {
    dirty = true;
    kick();
  };

  function kick() {
    if (stopped || pumping || !dirty || inFlight >= MAX_IN_FLIGHT) return;
    pumping = pump()
      .catch((err) => {
        deps.logger.error({ err }, 'webhook dispatch failed');
        schedule(fallbackMs);
      })
      .finally(() => {
        pumping = null;
        kick();
      });
  }

  /** Passed over by claims until enough of its share is free again (a finished delivery wakes the dispatcher). */
  function isFull(endpoint: string): boolean {
    return (busy.get(endpoint) ?? 0) > MAX_IN_FLIGHT_PER_ENDPOINT - CLAIM_BATCH;
  }

  function schedule(ms: number) {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(wake, Math.max(0, ms)).unref();
  }

  async function pump(): Promise<void> {
    while (dirty && !stopped && inFlight < MAX_IN_FLIGHT) {
      dirty = false;
      const full = [...busy].filter(([id]) => isFull(id)).map(([id]) => id);
      // No more than the busiest endpoint still taking work has room for: a claim may be all
      // one endpoint's, and none may go past its share.
      const busiest = Math.max(0, ...[...busy].filter(([id]) => !isFull(id)).map(([, n]) => n));
      const limit = Math.min(MAX_IN_FLIGHT - inFlight, MAX_IN_FLIGHT_PER_ENDPOINT - busiest);
      const t = now();
      // One transaction (one turn on SQLite's single connection, behind the API's writes)
      // claims, reads what the deliveries need and, when nothing is left, when to look next.
      // A lease lost to a machine crash only means the delivery is made again.
      const batch = await inRelaxedTransaction(deps.db, async (trx) => {
        const rows = await claimDeliveries(trx, {
          now: t,
          lockedUntil: t + leaseOf(policy),
          claim,
          limit,
          skipEndpoints: full,
          only: deps.only as string[] | undefined,
        });
        const endpoints = await endpointsByIds(trx, [...new Set(rows.map((r) => r.endpoint_id))]);
        const events: EventRow[] = [];
        for (const [key, ids] of Map.groupBy(rows, (r) => `${r.livemode}:${r.project_id}`)) {
          const scope = { projectId: ids[0].project_id, livemode: key.startsWith('1') };
          events.push(...(await scopedEventsByIds(trx, scope, [...new Set(ids.map((r) => r.event_id))])));
        }
        // A full claim may have left more behind.
        const more = rows.length === limit;
        return { rows, endpoints, events, more, nextDue: more ? null : await nextDueAt(trx, t) };
      });
      if (batch.more) dirty = true;
      else schedule(batch.nextDue === null ? fallbackMs : Math.min(fallbackMs, batch.nextDue - now()));
      start(batch);
    }
  }

  function start({ rows, endpoints, events }: { rows: DeliveryRow[]; endpoints: WebhookEndpointRow[]; events: EventRow[] }): void {
    for (const row of rows) {
      const endpoint = endpoints.find((e) => e.id === row.endpoint_id);
      const event = events.find((e) => e.id === row.event_id);
      inFlight++;
      busy.set(row.endpoint_id, (busy.get(row.endpoint_id) ?? 0) + 1);
      // The endpoint's slot is free once it answered; recording the outcome (batched, behind
      // other writers) does not hold it.
      const release = () => {
        const wasFull = isFull(row.endpoint_id);
        const wasAtMax = inFlight === MAX_IN_FLIGHT;
        inFlight--;
        const n = busy.get(row.endpoint_id)! - 1;
        if (n === 0) busy.delete(row.endpoint_id);
        else busy.set(row.endpoint_id, n);
        // Room again for the endpoint, or for the process: what was passed over may be claimed.
        if ((wasFull && !isFull(row.endpoint_id)) || wasAtMax) wake();
      };
      const task = send(row, endpoint, event)
        .finally(release)
        .then((outcome) => finish({ row, endpoint, event, outcome, at: now() }))
        .finally(() => running.delete(task));
      running.add(task);
    }
  }

  async function send(row: DeliveryRow, endpoint: WebhookEndpointRow | undefined, event: EventRow | undefined): Promise<SendOutcome | null> {
    // A deleted or disabled endpoint takes nothing more; its delivery ends unattempted.
    if (!endpoint || endpoint.status !== 'enabled') return null;
    if (!event) return { status: null, durationMs: 0, error: 'The event no longer exists (past retention).', body: null };
    const { payload, headers } = webhookRequest(endpoint.secret, event, now(), endpoint.api_version);
    return postWebhook(endpoint.url, payload, headers, { timeout: policy.timeout, client: clients.of(row.livemode === 1) });
  }

  /**
   * Queues an outcome; one transaction records everything queued meanwhile. It starts after
   * the responses already received are read (setImmediate), so those share it too.
   */
  function finish(f: Finished): Promise<void> {
    finished.push(f);
    flushing ??= new Promise((resolve) => setImmediate(resolve)).then(flush).finally(() => {
      flushing = null;
    });
    return flushing;
  }

  async function flush(): Promise<void> {
    while (finished.length > 0) {
      const batch = finished;
      finished = [];
      try {
        // An outcome lost to a machine crash only means the delivery is made again.
        const reports = await inRelaxedTransaction(deps.db, (trx) => record(trx, batch));
        if (deps.onAttempt) for (const r of reports) deps.onAttempt(r);
      } catch (err) {
        // Unrecorded, the deliveries stay leased; once the lease runs out they are tried again.
        // An endpoint disabled in the rolled-back transaction may have been cached as such.
        forgetCachedEndpoints();
        deps.logger.error({ err, deliveries: batch.length }, 'recording webhook attempts failed');
      }
    }
  }

  /**
   * Records a batch of outcomes: every attempt in one statement, and the deliveries that
   * succeeded (the common case) in a few statements for the whole batch; the others one by one.
   */
  async function record(trx: Db, batch: Finished[]): Promise<AttemptReport[]> {
    const attempted = batch.filter((f) => f.outcome !== null);
    await insertAttempts(trx, attempted.map(attemptRow));
    const delivered = attempted.filter((f) => ok(f.outcome!.status));
    const settled = new Set(await settleDelivered(trx, delivered.map((f) => f.row.id), claim));
    // Each event's count of deliveries still to succeed goes down by its deliveries settled here
    // (two endpoints may take the same event): one statement per scope and count.
    const byEvent = Map.groupBy(delivered.filter((f) => settled.has(f.row.id)), (f) => f.row.event_id);
    const updates = Map.groupBy(byEvent.values(), (fs) => `${fs.length}:${fs[0].row.livemode}:${fs[0].row.project_id}`);
    for (const group of updates.values()) {
      const { row } = group[0][0];
      await addPendingWebhooks(trx, { projectId: row.project_id, livemode: row.livemode === 1 }, group.map((fs) => fs[0].row.event_id), -group[0].length);
    }
    await clearFailing(trx, [...new Set(delivered.map((f) => f.row.endpoint_id))]);
    for (const f of batch) if (!delivered.includes(f)) await recordFailure(trx, f);
    return attempted.map(({ row, endpoint, event, outcome, at }) => {
      const succeeded = ok(outcome!.status);
      return {
        delivery: row.id,
        event: row.event_id,
        type: event?.type ?? '',
        endpoint: row.endpoint_id,
        url: endpoint?.url ?? '',
        attempt: row.attempts,
        outcome: outcome!,
        result: succeeded ? 'succeeded' : nextAttempt(row, outcome!, at) === null ? 'failed' : 'retrying',
      };
    });
  }

  function attemptRow({ row, event, outcome }: Finished): Insertable<WebhookAttemptsTable> {
    return {
      id: newId('wha'),
      project_id: row.project_id,
      livemode: row.livemode,
      created: deps.clock.now(),
      endpoint_id: row.endpoint_id,
      event_id: row.event_id,
      event_type: event?.type ?? '',
      delivery_id: row.id,
      attempt: row.attempts,
      status: ok(outcome!.status) ? 'succeeded' : 'failed',
      response_status: outcome!.status,
      duration_ms: outcome!.durationMs,
      error: outcome!.error,
      response_body: outcome!.body,
    };
  }

  /** When a failed attempt is followed by another, or null when the delivery is given up. */
  function nextAttempt(row: DeliveryRow, outcome: SendOutcome, at: number): number | null {
    return outcome.status === 410 ? null : nextAttemptAt(policy, row.attempts, at);
  }

  /** An outcome other than delivered: given up unattempted, retried later or failed for good, perhaps disabling the endpoint. */
  async function recordFailure(trx: Db, { row, outcome, at }: Finished): Promise<void> {
    if (outcome === null) {
      await settleDelivery(trx, row.id, claim, { status: 'failed' });
      return;
    }
    const next = nextAttempt(row, outcome, at);
    await settleDelivery(trx, row.id, claim, next === null ? { status: 'failed' } : { status: 'pending', next_attempt_at: next });
    const scope = { projectId: row.project_id, livemode: row.livemode === 1 };
    const since = await markFailing(trx, row.endpoint_id, at);
    const reason =
      outcome.status === 410
        ? 'The endpoint answered 410 Gone.'
        : at - since >= policy.disableAfter
          ? `Every attempt failed for ${Math.round((at - since) / 3_600_000)} hours.`
          : null;
    const current = reason && (await findEndpoint(trx, scope, row.endpoint_id));
    if (current && current.status === 'enabled') {
      const ctx = { db: trx, scope, clock: deps.clock, requestId: null, idempotencyKey: null };
      await disableFailingEndpoint(ctx, current, reason!);
      deps.logger.warn({ endpoint: row.endpoint_id, reason }, 'webhook endpoint disabled');
    }
  }

  const unsubscribe = onDeliveriesCommitted((endpoints) => {
    if (!endpoints.every(isFull)) wake();
  });
  const unlisten = deps.listen?.(DELIVERIES_CHANNEL, wake).catch((err) => {
    deps.logger.warn({ err }, 'cannot listen for webhook notifications; looking every few seconds instead');
    return undefined;
  });
  wake();

  return {
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      await (await unlisten)?.();
      await pumping;
      await Promise.all(running);
      await flushing;
      clients.close();
    },
  };
}
